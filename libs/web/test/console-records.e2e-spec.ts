import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { AuditEntryView, AuditVerificationView, BackupView, CertificateKeySetView, ErasureCaseView } from '@sargs/contracts';
import { newPerson, openVisitor, signUp, waitFor, type BrowserVisitor, type PlatformStack } from '@sargs/testing';
import { consoleRecordsMessages } from '../src/i18n/console-records.messages';
import { expectAccessibleAndClean, logInInBrowser, STAFF, WEB_STACK_ENV, submit, text, type Lang, startWebStack, stopWebStack } from './web-e2e-kit';

const MODES: Array<{ javaScript: boolean; lang: Lang }> = [
  { javaScript: true, lang: 'lv' },
  { javaScript: false, lang: 'en' },
];

// Each flow is a dozen page loads and axe runs; on a machine shared with other suites they can take a while.
jest.setTimeout(240_000);

describe('staff console: legal holds, erasures, backups, policy publishing and the audit trail, in a real browser', () => {
  let stack: PlatformStack;
  let browser: Browser;
  let staff: string;
  let staffId: string;
  const erasureCases: Partial<Record<Lang, string>> = {};

  beforeAll(async () => {
    ({ stack, browser, staff } = await startWebStack({
        services: ['identity', 'profile', 'consent', 'retention'],
        env: { ...WEB_STACK_ENV, retention: { ERASURE_SWEEP_INTERVAL_MS: '300' } },
      }));
    staffId = ((await stack.client.get('/me', { session: staff })).body as { id: string }).id;
    // An account closed by staff for each mode: their erasures run while the other tests do.
    await Promise.all(
      MODES.map(async ({ lang }) => {
        const { accountId } = await signUp(stack, newPerson(`erased-${lang}`));
        const closed = await stack.client.post(`/admin/accounts/${accountId}/closure`, undefined, { session: staff });
        expect(closed.status).toBe(202);
        erasureCases[lang] = (closed.body as { caseId: string }).caseId;
      }),
    );
  }, 300_000);

  afterAll(() => stopWebStack({ stack, browser }));

  const api = async <T,>(path: string) => {
    const answer = await stack.client.get(path, { session: staff });
    expect([path, answer.status]).toEqual([path, 200]);
    return answer.body as T;
  };

  /** A staff member at a browser, in the given language (the `lang` cookie wins over the account's). */
  async function staffAt(javaScript: boolean, lang: Lang): Promise<BrowserVisitor> {
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript, locale: lang === 'lv' ? 'lv-LV' : 'en-GB' });
    await visitor.context.addCookies([{ name: 'lang', value: lang, url: stack.publicOrigin, secure: true, sameSite: 'Lax' }]);
    await logInInBrowser(visitor.page, STAFF.email, STAFF.password);
    return visitor;
  }

  async function open(visitor: BrowserVisitor, path: string, lang: Lang): Promise<void> {
    const answer = await visitor.page.goto(path);
    expect([path, answer?.status()]).toEqual([path, 200]);
    expect(await visitor.page.getAttribute('html', 'lang')).toBe(lang);
  }

  describe.each(MODES)('JavaScript $javaScript, language $lang', ({ javaScript, lang }) => {
    const m = consoleRecordsMessages[lang];

    it('places a legal hold (refusals next to their fields), finds it by account and state, and lifts it', async () => {
      const { accountId } = await signUp(stack, newPerson('held'));
      const reason = `Tiesas rīkojums ${randomBytes(3).toString('hex')}`;
      const visitor = await staffAt(javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/admin/legal-holds', lang);
        expect(await text(page, 'h1')).toBe(m.holdsTitle);

        // The API refuses an empty reason and a past end date: each shown next to its field.
        await page.fill('#place-accountId', accountId);
        await page.fill('#place-until', '2001-01-01');
        expect(await submit(page, 'form[action="/admin/legal-holds"] button[type=submit]')).toBe(422);
        expect(await text(page, '#place-reason-error')).toBe(lang === 'lv' ? 'Aizpildiet šo lauku' : 'Must not be empty');
        expect(await text(page, '#place-until-error')).toBe(lang === 'lv' ? 'Datumam jābūt nākotnē' : 'Must be in the future');
        expect(await page.inputValue('#place-accountId')).toBe(accountId);
        expect(await page.locator('.error-summary a[href="#place-reason"]').count()).toBe(1);
        await expectAccessibleAndClean(visitor);

        await page.fill('#place-reason', reason);
        await page.fill('#place-until', '2099-12-31');
        expect(await submit(page, 'form[action="/admin/legal-holds"] button[type=submit]')).toBe(200);
        expect(page.url()).toContain('done=placed');
        expect(await text(page, '[role=status]')).toBe(m.holdPlaced);
        const [hold] = await api<Array<{ id: string; until: string; releasedAt: string | null; reason: string }>>(`/admin/legal-holds?accountId=${accountId}`);
        expect(hold).toMatchObject({ reason, until: '2099-12-31T23:59:59.999Z', releasedAt: null });
        const row = page.locator(`tr[data-hold-id="${hold.id}"]`);
        expect(await row.textContent()).toContain(reason);
        expect(await row.textContent()).toContain(m.holdStateActive);

        // Filters: this account's active holds only.
        await page.fill('#filter-accountId', accountId);
        await page.selectOption('#filter-active', 'true');
        expect(await submit(page, 'form.filters button[type=submit]')).toBe(200);
        expect(await page.locator('tbody tr').count()).toBe(1);
        await expectAccessibleAndClean(visitor);

        expect(await submit(page, `tr[data-hold-id="${hold.id}"] button[type=submit]`)).toBe(200);
        expect(page.url()).toContain('done=lifted');
        expect(page.url()).toContain(`accountId=${accountId}`);
        expect(await text(page, '[role=status]')).toBe(m.holdLifted);
        // Still filtered to active holds: the lifted one is gone; unfiltered it shows when it was lifted.
        expect(await page.locator(`tr[data-hold-id="${hold.id}"]`).count()).toBe(0);
        await open(visitor, `/admin/legal-holds?accountId=${accountId}`, lang);
        expect(await text(page, `tr[data-hold-id="${hold.id}"] .released-at`)).toMatch(/\d{4}/u);
        expect(await page.locator(`tr[data-hold-id="${hold.id}"] button`).count()).toBe(0);
        const [lifted] = await api<Array<{ releasedAt: string | null }>>(`/admin/legal-holds?accountId=${accountId}`);
        expect(lifted.releasedAt).toEqual(expect.any(String));
        expect(visitor.cspViolations).toEqual([]);
      } finally {
        await visitor.close();
      }
    });

    it('lists erasure cases by status and shows a case: services, certificate, its download, and a check that tells valid from altered', async () => {
      const caseId = erasureCases[lang] as string;
      // The case exists once retention has taken in the closure (404 until then).
      const done = await waitFor(
        async () => (await stack.client.get(`/admin/erasures/${caseId}`, { session: staff })).body as ErasureCaseView,
        (c) => c.status === 'completed',
        { timeoutMs: 60_000, intervalMs: 250, what: 'the erasure case to complete' },
      );
      const visitor = await staffAt(javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/admin/erasures', lang);
        await page.selectOption('#filter-status', 'completed');
        expect(await submit(page, 'form.filters button[type=submit]')).toBe(200);
        expect(page.url()).toContain('status=completed');
        await expectAccessibleAndClean(visitor);
        expect(await submit(page, `a[href="/admin/erasures/${caseId}"]`)).toBe(200);

        expect(await text(page, 'h1')).toBe(m.caseTitle);
        expect(await text(page, '.case-status')).toBe(m.status('completed'));
        const services = await page.locator('tbody th[scope=row]').allTextContents();
        expect(services.sort()).toEqual(done.services.map((s) => s.service).sort());
        expect(services.length).toBe(4);
        expect(await page.locator('tbody td', { hasText: m.waiting }).count()).toBe(0);
        const shown = await text(page, 'pre.certificate');
        expect(JSON.parse(shown)).toEqual(done.certificate);
        // The key that signed it, as published, for the DPO to hand to an auditor.
        const published = (await stack.client.get('/erasure-certificate-keys')).body as CertificateKeySetView;
        const kid = (done.certificate as { signature: { kid: string } }).signature.kid;
        expect(await text(page, '#keys-heading')).toBe(m.keysTitle);
        expect(await page.locator('#keys tbody tr').first().locator('td').allTextContents()).toEqual([kid, published.keys[0].x, m.keyCurrent]);
        expect(published.keys[0].kid).toBe(kid);
        expect(await page.getAttribute('#keys a', 'href')).toBe('/api/v1/erasure-certificate-keys');

        const [download] = await Promise.all([page.waitForEvent('download'), page.click(`a[href="/admin/erasures/${caseId}/certificate"]`)]);
        expect(download.suggestedFilename()).toBe(`erasure-certificate-${caseId}.json`);
        expect(JSON.parse(readFileSync(await download.path(), 'utf8'))).toEqual(done.certificate);

        await page.fill('#certificate', shown);
        expect(await submit(page, 'form[action*="/certificate-verification"] button[type=submit]')).toBe(200);
        expect(await page.getAttribute('.verdict', 'data-valid')).toBe('true');
        expect(await text(page, '.verdict')).toBe(m.verdictValid);
        await expectAccessibleAndClean(visitor);

        const altered = JSON.stringify({ ...done.certificate, completedAt: '2020-01-01T00:00:00.000Z' }, null, 2);
        await page.fill('#certificate', altered);
        expect(await submit(page, 'form[action*="/certificate-verification"] button[type=submit]')).toBe(200);
        expect(await page.getAttribute('.verdict', 'data-valid')).toBe('false');
        expect(await text(page, '.verdict')).toBe(m.verdictAltered);
        expect(await page.inputValue('#certificate')).toBe(altered);

        await page.fill('#certificate', 'not a certificate');
        expect(await submit(page, 'form[action*="/certificate-verification"] button[type=submit]')).toBe(422);
        expect(await text(page, '#certificate-error')).toBe(m.certificateNotJson);
        await page.fill('#certificate', JSON.stringify({ caseId }));
        expect(await submit(page, 'form[action*="/certificate-verification"] button[type=submit]')).toBe(422);
        expect(await text(page, '#certificate-error')).toBe(m.certificateShape);
        await expectAccessibleAndClean(visitor);
      } finally {
        await visitor.close();
      }
    });

    it('takes a backup that appears in the catalogue and completes with every database', async () => {
      const visitor = await staffAt(javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/admin/backups', lang);
        const before = await api<BackupView[]>('/admin/backups');

        expect(await submit(page, 'form[action="/admin/backups"] button[type=submit]')).toBe(200);
        expect(page.url()).toContain('done=started');
        expect(await text(page, '[role=status]')).toBe(m.backupStarted);
        const catalogue = await api<BackupView[]>('/admin/backups');
        const taken = catalogue.find((b) => !before.some((old) => old.id === b.id)) as BackupView;
        expect(taken).toBeDefined();
        expect(await page.locator(`tr[data-backup-id="${taken.id}"]`).count()).toBe(1);

        await waitFor(
          () => api<BackupView[]>('/admin/backups'),
          (list) => list.some((b) => b.id === taken.id && b.status === 'completed'),
          { timeoutMs: 60_000, intervalMs: 300, what: 'the backup to complete' },
        );
        await open(visitor, '/admin/backups', lang);
        const row = page.locator(`tr[data-backup-id="${taken.id}"]`);
        expect(await text(page, `tr[data-backup-id="${taken.id}"] .backup-status`)).toBe(m.status('completed'));
        expect((await row.locator('.database-name').allTextContents()).sort()).toEqual(['consent', 'identity', 'profile', 'retention']);
        await expectAccessibleAndClean(visitor);
      } finally {
        await visitor.close();
      }
    });

    it('previews a new policy version as a line diff in both languages, publishes it, and refuses a version that exists', async () => {
      const version = `web-${lang}-${randomBytes(3).toString('hex')}`;
      const visitor = await staffAt(javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/admin/policies', lang);
        const current = {
          lv: (await stack.client.get('/policies/privacy?lang=lv')).body as { version: string; content: string },
          en: (await stack.client.get('/policies/privacy?lang=en')).body as { version: string; content: string },
        };
        expect(await text(page, '.in-force-version')).toBe(current.en.version);
        expect(await page.inputValue('#contentLv')).toBe(current.lv.content);

        const contentLv = `${current.lv.content.trimEnd()}\n\n## Jauna sadaļa ${version}\n\nŠī rinda ir jauna.\n`;
        const enLines = current.en.content.split('\n');
        const replaced = enLines.findIndex((line) => line.trim().length > 20);
        const contentEn = [...enLines.slice(0, replaced), `A rewritten line for ${version}.`, ...enLines.slice(replaced + 1)].join('\n');
        // The contract's own rules, checked before any preview.
        await page.fill('#version', 'ne derīga!');
        await page.fill('#contentLv', '');
        expect(await submit(page, 'form[action="/admin/policies/preview"] button[type=submit]')).toBe(422);
        expect(await text(page, '#version-error')).toBe(
          lang === 'lv' ? 'Tikai burti, cipari, “.”, “_” vai “-”; pirmajam jābūt burtam vai ciparam' : "Must be letters, digits, '.', '_' or '-', starting with a letter or digit",
        );
        expect(await text(page, '#contentLv-error')).toBe(lang === 'lv' ? 'Aizpildiet šo lauku' : 'Must not be empty');
        expect(await page.locator('.diff-section').count()).toBe(0);

        await page.fill('#version', version);
        await page.fill('#contentLv', contentLv);
        await page.fill('#contentEn', contentEn);
        expect(await submit(page, 'form[action="/admin/policies/preview"] button[type=submit]')).toBe(200);

        expect(await page.locator('.diff-section[data-language=lv] ins', { hasText: `Jauna sadaļa ${version}` }).count()).toBe(1);
        expect(await page.locator('.diff-section[data-language=lv] del').count()).toBe(0);
        expect(await page.locator('.diff-section[data-language=en] ins', { hasText: `A rewritten line for ${version}.` }).count()).toBe(1);
        expect(await text(page, '.diff-section[data-language=en] del')).toBe(`− ${enLines[replaced]}`);
        await expectAccessibleAndClean(visitor);

        // Only what was previewed is published: an edit after the preview is shown as a preview again.
        await page.fill('#contentEn', `${contentEn}\nOne more line.`);
        expect(await submit(page, '#publish')).toBe(422);
        expect(await page.locator('.error-summary a[href="#publish"]').count()).toBe(1);
        expect(await page.locator('.diff-section[data-language=en] ins', { hasText: 'One more line.' }).count()).toBe(1);
        await page.fill('#contentEn', contentEn);
        expect(await submit(page, 'button[formaction="/admin/policies/preview"]')).toBe(200);

        expect(await submit(page, '#publish')).toBe(200);
        expect(page.url()).toContain('done=published');
        expect(await text(page, '[role=status]')).toBe(m.policyPublished(version));
        expect(await text(page, '.in-force-version')).toBe(version);
        const inForce = { lv: (await stack.client.get('/policies/privacy?lang=lv')).body, en: (await stack.client.get('/policies/privacy?lang=en')).body };
        expect(inForce.lv).toMatchObject({ version, content: contentLv });
        expect(inForce.en).toMatchObject({ version, content: contentEn });
        // In force for everyone: the public policy page shows the new text in the page's language.
        expect((await page.goto('/privacy-policy'))?.status()).toBe(200);
        const publicText = await page.textContent('main');
        expect(publicText).toContain(version);
        expect(publicText).toContain(lang === 'lv' ? `Jauna sadaļa ${version}` : `A rewritten line for ${version}.`);
        // Identity learns it by event; later sign-ups in this file name the version identity holds.
        await waitFor(() => stack.currentPolicyVersion(), (known) => known === version, { timeoutMs: 30_000, what: 'identity to know the new policy version' });

        // The preview refuses a version that exists, and so does the publication (409 from the API).
        await open(visitor, '/admin/policies', lang);
        await page.fill('#version', version);
        expect(await submit(page, 'form[action="/admin/policies/preview"] button[type=submit]')).toBe(422);
        expect(await text(page, '#version-error')).toBe(m.versionExists);
        const raced = `${version}-b`;
        await page.fill('#version', raced);
        expect(await submit(page, 'form[action="/admin/policies/preview"] button[type=submit]')).toBe(200);
        const other = await stack.client.post('/admin/policies/privacy', { version: raced, translations: { lv: { content: contentLv }, en: { content: contentEn } } }, { session: staff });
        expect(other.status).toBe(201);
        expect(await submit(page, '#publish')).toBe(422);
        expect(await text(page, '#version-error')).toBe(m.versionExists);
        await expectAccessibleAndClean(visitor);
      } finally {
        await visitor.close();
      }
    });

    it('filters the audit trail by action, subject, actor and date, pages to older entries, and verifies the chain', async () => {
      // 55 holds on one subject, one of them lifted: more than one page (50) of its audit entries.
      const subject = randomUUID();
      const holds: string[] = [];
      for (let batch = 0; batch < 5; batch++) {
        const placed = await Promise.all(
          Array.from({ length: 11 }, (_, i) => stack.client.post('/admin/legal-holds', { accountId: subject, reason: `audit page ${batch * 11 + i}` }, { session: staff })),
        );
        expect(placed.map((answer) => answer.status)).toEqual(new Array(11).fill(201));
        holds.push(...placed.map((answer) => (answer.body as { id: string }).id));
      }
      expect((await stack.client.delete(`/admin/legal-holds/${holds[0]}`, { session: staff })).status).toBe(204);
      await waitFor(
        () => api<AuditEntryView[]>(`/admin/audit?subject=${subject}&limit=200`),
        (entries) => entries.length === 56,
        { timeoutMs: 30_000, intervalMs: 250, what: 'the audit entries of 55 holds and a lift' },
      );
      const visitor = await staffAt(javaScript, lang);
      const { page } = visitor;
      const actionsShown = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
      try {
        await open(visitor, '/admin/audit', lang);
        expect(await page.locator('tbody tr').count()).toBe(50);
        expect(await page.locator('a[rel=next]').count()).toBe(1);

        // One subject: its entries only, the lift newest.
        await page.fill('#filter-subject', subject);
        expect(await submit(page, 'form.filters button[type=submit]')).toBe(200);
        expect(await page.locator('tbody tr td:nth-child(5)').allTextContents()).toEqual(new Array(50).fill(subject));
        expect((await actionsShown())[0]).toBe('legal-hold.lifted');
        expect(await page.locator('tbody tr td:nth-child(3)').first().textContent()).toBe(m.actionName('legal-hold.lifted'));

        // And one action: the lift alone.
        await page.selectOption('#filter-action', 'legal-hold.lifted');
        expect(await submit(page, 'form.filters button[type=submit]')).toBe(200);
        expect(await actionsShown()).toEqual(['legal-hold.lifted']);

        // Placements by this staff member: two pages, the filters kept on the second.
        await page.selectOption('#filter-action', 'legal-hold.placed');
        await page.fill('#filter-actor', staffId);
        expect(await submit(page, 'form.filters button[type=submit]')).toBe(200);
        expect(await actionsShown()).toEqual(new Array(50).fill('legal-hold.placed'));
        expect(await page.locator(`tbody tr td:nth-child(4) a[href="/admin/audit?actor=${staffId}"]`).count()).toBe(50);
        await expectAccessibleAndClean(visitor);
        expect(await submit(page, 'a[rel=next]')).toBe(200);
        expect(page.url()).toContain(`subject=${subject}`);
        expect(page.url()).toContain('action=legal-hold.placed');
        expect(page.url()).toContain(`actor=${staffId}`);
        expect(await actionsShown()).toEqual(new Array(5).fill('legal-hold.placed'));
        expect(await page.locator('a[rel=next]').count()).toBe(0);

        // A day still to come: nothing yet.
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
        await page.fill('#filter-since', tomorrow);
        expect(await submit(page, 'form.filters button[type=submit]')).toBe(200);
        expect(await text(page, 'p.empty-list')).toBe(m.noEntries);
        await page.fill('#filter-actor', 'not-an-id');
        expect(await submit(page, 'form.filters button[type=submit]')).toBe(422);
        expect(await page.locator('#filter-actor-error').count()).toBe(1);

        await open(visitor, '/admin/audit', lang);
        expect(await submit(page, 'a[href="/admin/audit/verification"]')).toBe(200);
        expect(await text(page, 'h1')).toBe(m.verificationTitle);
        expect(await page.getAttribute('.chain-verdict', 'data-valid')).toBe('true');
        expect(await text(page, '.chain-head')).toMatch(/^[0-9a-f]{64}$/u);
        const verification = await api<AuditVerificationView>('/admin/audit/verification');
        expect(verification.valid).toBe(true);
        expect(Number((await text(page, '.chain-entries')).replace(/\D/gu, ''))).toBeGreaterThanOrEqual(55);
        await expectAccessibleAndClean(visitor);
      } finally {
        await visitor.close();
      }
    });
  });

  it('sends a visitor without a session to log in, shows everyone without a staff role the 403 page, and staff the 404 page for no case', async () => {
    const paths = ['/admin/legal-holds', '/admin/erasures', `/admin/erasures/${randomUUID()}`, '/admin/backups', '/admin/policies', '/admin/audit', '/admin/audit/verification'];
    const person = newPerson('nosy');
    await signUp(stack, person);
    const [anonymous, visitor, staffVisitor] = await Promise.all([
      openVisitor(browser, stack.publicOrigin, { javaScript: false }),
      openVisitor(browser, stack.publicOrigin, { javaScript: false }),
      staffAt(false, 'en'),
    ]);
    try {
      await logInInBrowser(visitor.page, person.email, person.password);
      for (const path of paths) {
        const away = await anonymous.context.request.get(path, { maxRedirects: 0 });
        expect([path, away.status(), away.headers().location]).toEqual([path, 303, `/login?next=${encodeURIComponent(path)}`]);
        const refused = await visitor.context.request.get(path);
        expect([path, refused.status()]).toEqual([path, 403]);
      }
      for (const path of [`/admin/erasures/${randomUUID()}`, '/admin/erasures/not-a-case', `/admin/erasures/${randomUUID()}/certificate`]) {
        expect([path, (await staffVisitor.context.request.get(path)).status()]).toEqual([path, 404]);
      }
    } finally {
      await Promise.all([anonymous.close(), visitor.close(), staffVisitor.close()]);
    }
  });
});
