import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { ContactView, DataSubjectRequestSummary, DpaView, MemberView, MyOrganizationView, OrganizationView } from '@sargs/contracts';
import { newPerson, openVisitor, signUp, tokenFromMail, waitFor, type BrowserVisitor, type Person, type PlatformStack } from '@sargs/testing';
import { commonMessages } from '../src/i18n/common.messages';
import { consoleRecordsMessages } from '../src/i18n/console-records.messages';
import {
  consoleOrgsMessages,
  contactsMessages,
  deleteOrgMessages,
  dpaMessages,
  invitationMessages,
  membersMessages,
  orgCommonMessages,
  orgDetailsMessages,
  orgExportsMessages,
  orgsMessages,
  subjectRequestsMessages,
  subprocessorsMessages,
} from '../src/i18n/organisations.messages';
import { expectAccessibleAndClean, expectOnlyTheTwoCookies, linkFromMail, logInInBrowser, STAFF, startWebStack, stopWebStack, submit, template, text, type Lang } from './web-e2e-kit';

/** Weights of the Latvian legal entity checksum (a valid number's weighted sum is 3 modulo 11). */
const LV_WEIGHTS = [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1];

/** A registration number of a legal entity no other test uses: first digit 4-9, a right check digit. */
function registrationNumber(): string {
  for (;;) {
    const digits = [4 + randomInt(6), ...Array.from({ length: 9 }, () => randomInt(10))];
    const partial = digits.reduce((sum, digit, i) => sum + LV_WEIGHTS[i] * digit, 0);
    const check = (((3 - partial) % 11) + 11) % 11;
    if (check < 10) return [...digits, check].join('');
  }
}

/** The same number with another last digit: its weighted sum moves off 3, so the check digit is wrong. */
const wrongCheckDigit = (valid: string) => `${valid.slice(0, 10)}${(Number(valid[10]) + 1) % 10}`;

const SHA256 = 'ab'.repeat(32);

describe('organisation pages in a real browser: create, invite, members, contacts, exports, data subject requests, deletion, staff verification', () => {
  let stack: PlatformStack;
  let browser: Browser;
  let staff: string;

  beforeAll(async () => {
    ({ stack, browser, staff } = await startWebStack({ services: ['identity', 'profile', 'consent', 'notifications', 'retention', 'organizations', 'contacts'] }));
    // Seven services and the gateway: slow to start on a busy machine.
  }, 300_000);

  afterAll(() => stopWebStack({ stack, browser }));

  /** A browser in `lang` (the `lang` cookie), logged in as `who`. */
  async function visitorAt(who: { email: string; password: string }, options: { javaScript: boolean; lang: Lang }): Promise<BrowserVisitor> {
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript: options.javaScript, locale: options.lang === 'lv' ? 'lv-LV' : 'en-GB' });
    await visitor.context.addCookies([{ name: 'lang', value: options.lang, url: stack.publicOrigin, secure: true, sameSite: 'Lax' }]);
    await logInInBrowser(visitor.page, who.email, who.password);
    return visitor;
  }

  /** Opens a page: its status, the language, and (for 200) its h1. */
  async function open(visitor: BrowserVisitor, path: string, lang: Lang, status = 200): Promise<void> {
    const answer = await visitor.page.goto(path);
    expect([path, answer?.status()]).toEqual([path, status]);
    expect(await visitor.page.getAttribute('html', 'lang')).toBe(lang);
  }

  const api = async <T,>(method: 'GET' | 'POST' | 'PATCH', path: string, session: string, body?: unknown, expected = method === 'POST' ? [201, 202, 204] : [200]): Promise<T> => {
    const answer = await stack.client.call(method, path, { session, body });
    expect([method, path, expected.includes(answer.status) ? 'ok' : answer.status]).toEqual([method, path, 'ok']);
    return answer.body as T;
  };

  /** An organisation made through the API, its owner signed up; for the tests that start past creation. */
  async function orgOf(tag: string): Promise<{ owner: Person; ownerSession: string; id: string; name: string; number: string }> {
    const owner = newPerson(tag);
    const { session } = await signUp(stack, owner);
    const number = registrationNumber();
    const name = `SIA ${tag} ${randomBytes(3).toString('hex')}`;
    const { id } = await api<{ id: string }>('POST', '/orgs', session, { name, registrationNumber: number });
    return { owner, ownerSession: session, id, name, number };
  }

  /** Someone invited through the API who accepted through the API: a member with `role`. */
  async function memberOf(orgId: string, ownerSession: string, role: 'admin' | 'member', tag = 'member'): Promise<{ person: Person; session: string }> {
    const person = newPerson(tag);
    const { session } = await signUp(stack, person);
    await api('POST', `/orgs/${orgId}/invitations`, ownerSession, { email: person.email, role });
    const mail = await stack.mail.waitForMail(person.email, template('org-invitation'));
    await api('POST', '/org-invitations/accept', session, { token: tokenFromMail(mail, '/org-invitation') });
    return { person, session };
  }

  it('an owner creates an organisation (a wrong check digit shown at its field), accepts the DPA, changes its details, invites by mail; the invitee logs in from the link and joins; roles change (JavaScript off)', async () => {
    const lang: Lang = 'en';
    const o = orgsMessages[lang];
    const d = orgDetailsMessages[lang];
    const mm = membersMessages[lang];
    const owner = newPerson('org-owner');
    const invitee = newPerson('org-invitee');
    await Promise.all([signUp(stack, owner), signUp(stack, invitee)]);
    const number = registrationNumber();
    const visitor = await visitorAt(owner, { javaScript: false, lang });
    const guest = await openVisitor(browser, stack.publicOrigin, { javaScript: false, locale: 'en-GB' });
    const { page } = visitor;
    try {
      // The main navigation leads here; no organisation yet.
      await Promise.all([page.waitForURL('**/orgs'), page.click('nav[aria-label="Main"] a[href="/orgs"]')]);
      expect(await text(page, 'h1')).toBe(o.title);
      expect(await page.getAttribute('nav[aria-label="Main"] a[href="/orgs"]', 'aria-current')).toBe('page');
      expect(await text(page, 'section[aria-labelledby="orgs-heading"]')).toContain(o.none);
      await expectAccessibleAndClean(visitor);

      // A wrong check digit and a VAT number of another company: each said at its own field, what was typed kept.
      await page.fill('#name', 'SIA Kociņi');
      await page.fill('#registrationNumber', wrongCheckDigit(number));
      await page.fill('#vatNumber', `LV${number}`);
      await page.fill('#address', 'Brīvības iela 1, Rīga');
      expect(await submit(page, 'form[action="/orgs"] button[type=submit]')).toBe(422);
      expect(await text(page, '#registrationNumber-error')).toBe('Has a wrong check digit');
      expect(await page.getAttribute('#registrationNumber', 'aria-invalid')).toBe('true');
      expect(await page.locator('.error-summary a[href="#registrationNumber"]').count()).toBe(1);
      expect(await page.inputValue('#name')).toBe('SIA Kociņi');
      expect(await page.inputValue('#address')).toBe('Brīvības iela 1, Rīga');
      await expectAccessibleAndClean(visitor);

      await page.fill('#registrationNumber', number);
      await page.fill('#vatNumber', `LV${wrongCheckDigit(number)}`);
      expect(await submit(page, 'form[action="/orgs"] button[type=submit]')).toBe(422);
      expect(await text(page, '#vatNumber-error')).toBe('Must be LV followed by the registration number');
      expect(await page.locator('#registrationNumber-error').count()).toBe(0);

      await page.fill('#vatNumber', `LV ${number.slice(0, 4)} ${number.slice(4)}`);
      expect(await submit(page, 'form[action="/orgs"] button[type=submit]')).toBe(200);
      const orgId = /\/orgs\/([0-9a-f-]{36})\?done=created$/u.exec(page.url())?.[1] as string;
      expect(orgId).toBeDefined();
      expect(await text(page, '[role=status]')).toBe(o.created);
      expect(await text(page, 'h1')).toBe('SIA Kociņi');
      expect(await text(page, '.org-registration-number')).toBe(number);
      expect(await text(page, '.org-role')).toBe(orgCommonMessages[lang].roleOwner);
      expect(await page.getAttribute('.verification-status', 'data-status')).toBe('unverified');
      // The organisation's own navigation, the page marked; the switcher lists it, selected.
      expect(await page.getAttribute(`nav.section-nav a[href="/orgs/${orgId}"]`, 'aria-current')).toBe('page');
      expect(await page.getAttribute(`#organisation-switch option[value="${orgId}"]`, 'selected')).not.toBeNull();
      await expectAccessibleAndClean(visitor);

      // The DPA: not accepted; the owner reads it and accepts exactly the version shown.
      const dpa = (await stack.client.get('/dpa')).body as DpaView;
      expect(await text(page, '.dpa-state')).toContain(d.dpaCurrent(dpa.version));
      await Promise.all([page.waitForURL(`**/dpa?org=${orgId}`), page.click(`a[href="/dpa?org=${orgId}"]`)]);
      expect(await text(page, '.dpa-version')).toBe(dpa.version);
      expect(await text(page, '.dpa-sha256')).toBe(dpa.sha256);
      await expectAccessibleAndClean(visitor);
      expect(await submit(page, `form[action="/orgs/${orgId}/dpa-acceptance"] button[type=submit]`)).toBe(200);
      expect(page.url()).toContain(`/orgs/${orgId}?done=dpa-accepted`);
      expect(await text(page, '[role=status]')).toBe(d.dpaAcceptedDone);
      expect(await page.getAttribute('.dpa-state', 'data-accepted-version')).toBe(dpa.version);
      expect((await api<OrganizationView>('GET', `/orgs/${orgId}`, await ownerSessionOf(owner))).dpa?.version).toBe(dpa.version);
      await page.goto(`/dpa?org=${orgId}`);
      expect(await page.locator(`form[action="/orgs/${orgId}/dpa-acceptance"]`).count()).toBe(0);
      expect(await text(page, '.dpa-accepted')).toContain('SIA Kociņi');

      // Changing the details: an emptied address is cleared.
      await page.goto(`/orgs/${orgId}`);
      await page.fill('#name', 'SIA Kociņi un partneri');
      await page.fill('#address', '');
      expect(await submit(page, `form[action="/orgs/${orgId}/details"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(d.saved);
      expect(await text(page, 'h1')).toBe('SIA Kociņi un partneri');
      const saved = await api<OrganizationView>('GET', `/orgs/${orgId}`, await ownerSessionOf(owner));
      expect({ name: saved.name, address: saved.address, vatNumber: saved.vatNumber }).toEqual({ name: 'SIA Kociņi un partneri', address: null, vatNumber: `LV${number}` });

      // Members: the owner alone; an invitation by address and role.
      await page.click(`nav.section-nav a[href="/orgs/${orgId}/members"]`);
      expect(await text(page, 'h1')).toBe(mm.title);
      expect(await page.locator('table.members tbody tr').count()).toBe(1);
      expect(await text(page, 'table.members tbody tr')).toContain(mm.you);
      await expectAccessibleAndClean(visitor);
      await page.fill('#invite-email', 'not an address');
      expect(await submit(page, `form[action="/orgs/${orgId}/invitations"] button[type=submit]`)).toBe(422);
      expect(await text(page, '#invite-email-error')).toBe('Must be an e-mail address');
      await page.fill('#invite-email', invitee.email);
      await page.selectOption('#invite-role', 'member');
      expect(await submit(page, `form[action="/orgs/${orgId}/invitations"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(mm.invited);
      expect(await text(page, 'table.invitations tbody tr')).toContain(invitee.email);

      // The invitee, not logged in, follows the mailed link: log in first, then back here to accept.
      const mail = await stack.mail.waitForMail(invitee.email, template('org-invitation'));
      const link = linkFromMail(stack, mail, '/org-invitation');
      const i = invitationMessages[lang];
      expect((await guest.page.goto(link))?.status()).toBe(200);
      expect(await text(guest.page, 'main')).toContain(i.logInFirst);
      expect(await guest.page.locator('form[action="/org-invitation"]').count()).toBe(0);
      await expectAccessibleAndClean(guest);
      await Promise.all([guest.page.waitForURL('**/login?next=*'), guest.page.click('main a.button')]);
      await guest.page.fill('input[name=email]', invitee.email);
      await guest.page.fill('input[name=password]', invitee.password);
      await Promise.all([guest.page.waitForURL('**/org-invitation?token=*'), guest.page.click('form[action="/login"] button[type=submit]')]);
      expect(await text(guest.page, 'h1')).toBe(i.title);
      await expectAccessibleAndClean(guest);
      expect(await submit(guest.page, 'form[action="/org-invitation"] button[type=submit]')).toBe(200);
      expect(await text(guest.page, '[role=status]')).toBe(o.joined);
      expect(await text(guest.page, 'table.organisations tbody')).toContain('SIA Kociņi un partneri');
      expect(await guest.page.getAttribute(`table.organisations tr[data-org-id="${orgId}"]`, 'data-role')).toBe('member');
      // The link works once.
      await guest.page.goto(link);
      expect(await submit(guest.page, 'form[action="/org-invitation"] button[type=submit]')).toBe(400);
      expect(await text(guest.page, '[role=alert]')).toBe(i.linkInvalid);
      await expectOnlyTheTwoCookies(guest);

      // Back with the owner: the invitation is gone, the member listed; made admin, then the owner's own role is kept (last owner).
      await page.goto(`/orgs/${orgId}/members`);
      expect(await text(page, 'section[aria-labelledby="invitations-heading"]')).toContain(mm.invitationsNone);
      // organizations learns a member's address from identity's events, a moment after they join.
      const ownerApi = await ownerSessionOf(owner);
      const members = await waitFor(
        () => api<MemberView[]>('GET', `/orgs/${orgId}/members`, ownerApi),
        (list) => list.some((member) => member.email === invitee.email),
        { timeoutMs: 30_000, what: 'the member with their address' },
      );
      const joined = members.find((member) => member.email === invitee.email) as MemberView;
      expect(joined.role).toBe('member');
      await page.selectOption(`#role-${joined.accountId}-role`, 'admin');
      expect(await submit(page, `form[action="/orgs/${orgId}/members/${joined.accountId}/role"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(mm.roleSaved);
      expect(await page.getAttribute(`table.members tr[data-account-id="${joined.accountId}"]`, 'data-role')).toBe('admin');
      await expectAccessibleAndClean(visitor);
      const ownerRow = members.find((member) => member.role === 'owner') as MemberView;
      expect(await submit(page, `form[action="/orgs/${orgId}/members/${ownerRow.accountId}/remove"] button[type=submit]`)).toBe(422);
      expect(await text(page, '.error-summary')).toContain(mm.lastOwner);
      await expectAccessibleAndClean(visitor);

      // The switcher in the navigation opens an organisation (a plain GET form).
      await page.goto('/orgs');
      await page.selectOption('#organisation-switch', orgId);
      await Promise.all([page.waitForURL(`**/orgs/${orgId}`), page.click('form.organisation-switch button[type=submit]')]);
      expect(await text(page, 'h1')).toBe('SIA Kociņi un partneri');
      await expectOnlyTheTwoCookies(visitor);
    } finally {
      await guest.close();
      await visitor.close();
    }
  });

  /** A fresh API session of the person (the browser keeps its own). */
  async function ownerSessionOf(person: Person): Promise<string> {
    const answer = await stack.client.post('/sessions', { email: person.email, password: person.password });
    expect(answer.status).toBe(200);
    const cookie = answer.cookies.find((c) => c.startsWith('__Host-sid='));
    return /^__Host-sid=([^;]*)/u.exec(cookie ?? '')?.[1] ?? '';
  }

  it('contacts: a member adds one (a refused telephone shown at its field), opens, changes, finds by address and deletes it; in Latvian with JavaScript on', async () => {
    const lang: Lang = 'lv';
    const m = contactsMessages[lang];
    const org = await orgOf('contacts-owner');
    const { person } = await memberOf(org.id, org.ownerSession, 'member');
    const visitor = await visitorAt(person, { javaScript: true, lang });
    const { page } = visitor;
    const email = `klients.${randomBytes(4).toString('hex')}@example.test`;
    try {
      await open(visitor, `/orgs/${org.id}/contacts`, lang);
      expect(await text(page, 'h1')).toBe(m.title);
      expect(await text(page, 'section[aria-labelledby="contacts-heading"]')).toContain(m.none);
      // A member sees the organisation's own links their role reaches: no exports, requests or deletion.
      expect(await page.locator(`nav.section-nav a[href="/orgs/${org.id}/exports"]`).count()).toBe(0);
      await expectAccessibleAndClean(visitor);

      await page.selectOption('#create-kind', 'supplier');
      await page.fill('#create-name', 'Jānis Ozols');
      await page.fill('#create-email', email);
      await page.fill('#create-phone', 'zvanīt rīt');
      await page.fill('#create-note', 'Piegādā kokmateriālus.\nOtrdienās.');
      expect(await submit(page, `form[action="/orgs/${org.id}/contacts"] button[type=submit]`)).toBe(422);
      expect(await text(page, '#create-phone-error')).toBe('Ievadiet tālruņa numuru: cipari, sākumā var būt +, atstarpes un - . / ( )');
      expect(await page.getAttribute('#create-phone', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('#create-note')).toBe('Piegādā kokmateriālus.\nOtrdienās.');
      await expectAccessibleAndClean(visitor);

      await page.fill('#create-phone', '+371 2000 0000');
      expect(await submit(page, `form[action="/orgs/${org.id}/contacts"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(m.created);
      expect(await text(page, 'h1')).toBe(m.contactTitle('Jānis Ozols'));
      expect(await text(page, '.contact-email')).toBe(email);
      const contactId = /\/contacts\/([0-9a-f-]{36})\?done=created$/u.exec(page.url())?.[1] as string;
      expect(await page.getAttribute(`nav.section-nav a[href="/orgs/${org.id}/contacts"]`, 'aria-current')).toBe('location');
      await expectAccessibleAndClean(visitor);

      // Changing: an emptied telephone is cleared.
      await page.fill('#edit-phone', '');
      await page.fill('#edit-name', 'Jānis Ozols-Bērziņš');
      expect(await submit(page, `form[action="/orgs/${org.id}/contacts/${contactId}/save"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(m.saved);
      const stored = await api<ContactView>('GET', `/orgs/${org.id}/contacts/${contactId}`, org.ownerSession);
      expect(stored).toMatchObject({ name: 'Jānis Ozols-Bērziņš', kind: 'supplier', email, phone: null, note: 'Piegādā kokmateriālus.\nOtrdienās.' });

      // Another contact, then a search by the first one's address (any case) finds only it.
      await api('POST', `/orgs/${org.id}/contacts`, org.ownerSession, { kind: 'customer', name: 'Cits Klients', email: `cits.${randomBytes(3).toString('hex')}@example.test` });
      await page.goto(`/orgs/${org.id}/contacts`);
      expect(await page.locator('table.contacts tbody tr').count()).toBe(2);
      await page.fill('#search-email', email.toUpperCase());
      expect(await submit(page, `form[action="/orgs/${org.id}/contacts/search"] button[type=submit]`)).toBe(200);
      expect(await page.locator('table.contacts tbody tr').count()).toBe(1);
      expect(await page.getAttribute('table.contacts tbody tr', 'data-contact-id')).toBe(contactId);
      // The address searched for stays out of the page's URL.
      expect(page.url()).not.toContain(encodeURIComponent(email));
      await expectAccessibleAndClean(visitor);
      await page.fill('#search-email', 'nav adrese');
      expect(await submit(page, `form[action="/orgs/${org.id}/contacts/search"] button[type=submit]`)).toBe(422);
      expect(await text(page, '#search-email-error')).toBe('Ievadiet e-pasta adresi, piemēram, vards@example.lv');

      // Deleting.
      await page.goto(`/orgs/${org.id}/contacts/${contactId}`);
      expect(await submit(page, `form[action="/orgs/${org.id}/contacts/${contactId}/delete"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(m.deleted);
      expect(await page.locator('table.contacts tbody tr').count()).toBe(1);
      await page.fill('#search-email', email);
      expect(await submit(page, `form[action="/orgs/${org.id}/contacts/search"] button[type=submit]`)).toBe(200);
      expect(await text(page, 'section[aria-labelledby="contacts-heading"]')).toContain(m.noMatch);
      expect((await page.goto(`/orgs/${org.id}/contacts/${contactId}`))?.status()).toBe(404);
    } finally {
      await visitor.close();
    }
  });

  it('a copy of the organisation data (pending, then ready, downloaded) and data subject requests (access, then erasure) for an admin', async () => {
    const lang: Lang = 'en';
    const x = orgExportsMessages[lang];
    const r = subjectRequestsMessages[lang];
    const org = await orgOf('export-owner');
    const { person } = await memberOf(org.id, org.ownerSession, 'admin', 'export-admin');
    const subject = `persona.${randomBytes(4).toString('hex')}@example.test`;
    await api('POST', `/orgs/${org.id}/contacts`, org.ownerSession, { kind: 'customer', name: 'Pēteris Kalniņš', email: subject });
    const visitor = await visitorAt(person, { javaScript: false, lang });
    const { page } = visitor;
    try {
      await open(visitor, `/orgs/${org.id}/exports`, lang);
      expect(await text(page, 'h1')).toBe(x.title);
      expect(await text(page, 'section[aria-labelledby="exports-heading"]')).toContain(x.none);
      await expectAccessibleAndClean(visitor);
      expect(await submit(page, `form[action="/orgs/${org.id}/exports"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(x.requested);
      const exportId = (await page.getAttribute('table.exports tbody tr', 'data-export-id')) as string;
      await waitFor(
        async () => {
          await page.reload();
          return page.getAttribute('table.exports tbody tr', 'data-status');
        },
        (status) => status === 'ready',
        { timeoutMs: 60_000, intervalMs: 500, what: 'the organisation export to be ready on the page' },
      );
      await expectAccessibleAndClean(visitor);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('table.exports a.download')]);
      expect(download.suggestedFilename()).toBe(`sargs-organisation-export-${exportId}.json`);
      const document = JSON.parse(readFileSync(await download.path(), 'utf8')) as { exportId: string; orgId: string; sections: Record<string, unknown> };
      expect(document).toMatchObject({ exportId, orgId: org.id });
      expect(JSON.stringify(document.sections)).toContain(subject);
      expect(JSON.stringify(document.sections)).toContain(org.name);

      // Access: what the organisation holds about the address, counted and shown; then its erasure.
      await page.click(`nav.section-nav a[href="/orgs/${org.id}/requests"]`);
      expect(await text(page, 'h1')).toBe(r.title);
      await expectAccessibleAndClean(visitor);
      await page.fill('#email', subject);
      expect(await submit(page, `form[action="/orgs/${org.id}/requests"] button[type=submit]`)).toBe(422);
      expect(await text(page, '#type-error')).toBe(r.chooseType);
      expect(await page.inputValue('#email')).toBe(subject);
      await page.check('#type');
      expect(await submit(page, `form[action="/orgs/${org.id}/requests"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(r.sent);
      await waitFor(
        async () => {
          await page.reload();
          return page.getAttribute('table.subject-requests tbody tr', 'data-status');
        },
        (status) => status === 'completed',
        { timeoutMs: 60_000, intervalMs: 500, what: 'the access request to complete on the page' },
      );
      expect(await text(page, 'table.subject-requests tbody tr .result-count')).toBe(r.found(1));
      expect(await text(page, 'table.subject-requests tbody tr details pre')).toContain('Pēteris Kalniņš');
      await expectAccessibleAndClean(visitor);

      await page.fill('#email', subject);
      await page.check('#type-erasure');
      expect(await submit(page, `form[action="/orgs/${org.id}/requests"] button[type=submit]`)).toBe(200);
      await waitFor(
        async () => {
          await page.reload();
          return page.getAttribute('table.subject-requests tbody tr[data-type="erasure"]', 'data-status');
        },
        (status) => status === 'completed',
        { timeoutMs: 60_000, intervalMs: 500, what: 'the erasure request to complete on the page' },
      );
      expect(await text(page, 'table.subject-requests tbody tr[data-type="erasure"] .result-count')).toBe(r.erased(1));
      expect(await api<ContactView[]>('GET', `/orgs/${org.id}/contacts?email=${encodeURIComponent(subject)}`, org.ownerSession)).toEqual([]);
      const listed = await api<DataSubjectRequestSummary[]>('GET', `/orgs/${org.id}/data-subject-requests`, org.ownerSession);
      expect(listed.map((request) => [request.type, request.status])).toEqual([
        ['erasure', 'completed'],
        ['access', 'completed'],
      ]);
    } finally {
      await visitor.close();
    }
  });

  it('who sees what: no session goes to log in, an outsider gets the 404 page, a member the 403 page where the role does not reach; in both languages', async () => {
    const org = await orgOf('access-owner');
    const { person: member } = await memberOf(org.id, org.ownerSession, 'member', 'access-member');
    const outsider = newPerson('outsider');
    await signUp(stack, outsider);
    const anonymous = await openVisitor(browser, stack.publicOrigin, { javaScript: false });
    const paths = ['', '/members', '/contacts', '/exports', '/requests', '/delete'].map((suffix) => `/orgs/${org.id}${suffix}`);
    try {
      for (const path of ['/orgs', ...paths]) {
        await anonymous.page.goto(path);
        expect([path, new URL(anonymous.page.url()).pathname, new URL(anonymous.page.url()).searchParams.get('next')]).toEqual([path, '/login', path]);
      }
      for (const lang of ['en', 'lv'] as const) {
        const t = commonMessages[lang];
        const stranger = await visitorAt(outsider, { javaScript: lang === 'lv', lang });
        const insider = await visitorAt(member, { javaScript: lang === 'en', lang });
        try {
          for (const path of [...paths, `/orgs/${org.id}/contacts/3f0c1f7e-7c1d-4a8e-9d55-0c1a2b3c4d5e`, '/orgs/not-an-id']) {
            await open(stranger, path, lang, 404);
            expect(await text(stranger.page, 'main')).toContain(t.notFound);
            // Nothing of the organisation on the page: not even its name.
            expect(await text(stranger.page, 'body')).not.toContain(org.name);
          }
          await expectAccessibleAndClean(stranger);
          for (const path of [`/orgs/${org.id}/exports`, `/orgs/${org.id}/requests`, `/orgs/${org.id}/delete`]) {
            await open(insider, path, lang, 403);
            expect(await text(insider.page, 'main')).toContain(t.forbidden);
          }
          await expectAccessibleAndClean(insider);
          // What a member may see, in the page's language, without management forms.
          await open(insider, `/orgs/${org.id}`, lang);
          expect(await text(insider.page, '.only-managers')).toBe(orgDetailsMessages[lang].onlyManagers);
          expect(await text(insider.page, '.verification-status')).toBe(orgCommonMessages[lang].unverified);
          await expectAccessibleAndClean(insider);
          await open(insider, `/orgs/${org.id}/members`, lang);
          expect(await text(insider.page, '.only-managers')).toBe(membersMessages[lang].onlyManagers);
          expect(await insider.page.locator(`form[action="/orgs/${org.id}/invitations"]`).count()).toBe(0);
          await expectAccessibleAndClean(insider);
          // A post the page does not offer: the API's refusal, as a page.
          const posted = await insider.context.request.post(`${stack.publicOrigin}/orgs/${org.id}/invitations`, {
            form: { email: 'x@example.test', role: 'admin' },
            headers: { origin: stack.publicOrigin },
            maxRedirects: 0,
          });
          expect(posted.status()).toBe(403);
        } finally {
          await stranger.close();
          await insider.close();
        }
      }
      // A member leaves; the organisation is then a 404 for them.
      const leaving = await visitorAt(member, { javaScript: false, lang: 'en' });
      try {
        const accountId = ((await stack.client.get('/me', { session: await ownerSessionOf(member) })).body as { id: string }).id;
        await open(leaving, `/orgs/${org.id}/members`, 'en');
        expect(await submit(leaving.page, `form[action="/orgs/${org.id}/members/${accountId}/remove"] button[type=submit]`)).toBe(200);
        expect(await text(leaving.page, '[role=status]')).toBe(orgsMessages.en.left);
        await open(leaving, `/orgs/${org.id}`, 'en', 404);
      } finally {
        await leaving.close();
      }
    } finally {
      await anonymous.close();
    }
  });

  it('the staff console finds organisations by registration number and records a verification; the owner then sees it verified', async () => {
    const lang: Lang = 'lv';
    const m = consoleOrgsMessages[lang];
    const org = await orgOf('verify-owner');
    const visitor = await visitorAt(STAFF, { javaScript: false, lang });
    const { page } = visitor;
    try {
      await open(visitor, '/admin/orgs', lang);
      expect(await text(page, 'h1')).toBe(m.title);
      expect(await page.getAttribute('nav.section-nav a[href="/admin/orgs"]', 'aria-current')).toBe('page');
      await expectAccessibleAndClean(visitor);
      await page.fill('#search-registrationNumber', '123');
      expect(await submit(page, 'form.filters button[type=submit]')).toBe(422);
      expect(await text(page, '#search-registrationNumber-error')).toBe('Jābūt 11 cipariem');
      await page.fill('#search-registrationNumber', org.number);
      expect(await submit(page, 'form.filters button[type=submit]')).toBe(200);
      expect(await page.getAttribute(`table.organisations tr[data-org-id="${org.id}"]`, 'data-verification')).toBe('unverified');
      await expectAccessibleAndClean(visitor);

      await Promise.all([page.waitForURL(`**/admin/orgs/${org.id}?*`), page.click(`table.organisations tr[data-org-id="${org.id}"] a`)]);
      expect(await text(page, 'h1')).toBe(m.verifyTitle(org.name));
      await expectAccessibleAndClean(visitor);
      await page.fill('#evidenceSha256', 'nav-jaucējkods');
      expect(await submit(page, `form[action="/admin/orgs/${org.id}/verification"] button[type=submit]`)).toBe(422);
      expect(await text(page, '#method-error')).toBe(m.chooseMethod);
      await page.selectOption('#method', 'register-extract');
      expect(await submit(page, `form[action="/admin/orgs/${org.id}/verification"] button[type=submit]`)).toBe(422);
      expect(await text(page, '#evidenceSha256-error')).toBe('Jābūt SHA-256 heksadecimālā pierakstā (64 rakstzīmes)');
      expect(await page.inputValue('#method')).toBe('register-extract');
      await page.fill('#evidenceSha256', SHA256.toUpperCase());
      expect(await submit(page, `form[action="/admin/orgs/${org.id}/verification"] button[type=submit]`)).toBe(200);
      expect(await text(page, '[role=status]')).toBe(m.verified);
      expect(await page.getAttribute(`table.organisations tr[data-org-id="${org.id}"]`, 'data-verification')).toBe('verified');
      await expectAccessibleAndClean(visitor);
      expect((await api<OrganizationView>('GET', `/orgs/${org.id}`, org.ownerSession)).verification).toMatchObject({ status: 'verified', method: 'register-extract' });
      // Staff who are not members still get the 404 page for the organisation's own pages.
      await open(visitor, `/orgs/${org.id}`, lang, 404);
    } finally {
      await visitor.close();
    }
  });

  it('the owner deletes the organisation: a wrong password at its field, then the erasure case id; members get the 404 page at once', async () => {
    const lang: Lang = 'en';
    const m = deleteOrgMessages[lang];
    const org = await orgOf('delete-owner');
    const { person: admin } = await memberOf(org.id, org.ownerSession, 'admin', 'delete-admin');
    const visitor = await visitorAt(org.owner, { javaScript: true, lang });
    const adminVisitor = await visitorAt(admin, { javaScript: false, lang });
    const { page } = visitor;
    try {
      // An admin manages, but only an owner deletes.
      await open(adminVisitor, `/orgs/${org.id}/delete`, lang, 403);
      await open(visitor, `/orgs/${org.id}/delete`, lang);
      expect(await text(page, 'h1')).toBe(m.title);
      await expectAccessibleAndClean(visitor);
      await page.fill('#password', 'not my password at all');
      expect(await submit(page, `form[action="/orgs/${org.id}/delete"] button[type=submit]`)).toBe(422);
      expect(await text(page, '#password-error')).toBe('Is not correct');
      expect(await page.inputValue('#password')).toBe('');
      await expectAccessibleAndClean(visitor);
      await page.fill('#password', org.owner.password);
      expect(await submit(page, `form[action="/orgs/${org.id}/delete"] button[type=submit]`)).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/orgs');
      const caseId = await text(page, '[role=status] .deletion-case');
      expect(caseId).toMatch(/^[0-9a-f-]{36}$/u);
      expect(await text(page, '[role=status]')).toContain(orgsMessages[lang].deleted);
      expect(await page.locator(`table.organisations tr[data-org-id="${org.id}"]`).count()).toBe(0);
      await expectAccessibleAndClean(visitor);
      // retention opens the case from organizations' event, a moment after the answer.
      await waitFor(
        async () => (await stack.client.get(`/admin/erasures/${caseId}`, { session: staff })).status,
        (status) => status === 200,
        { timeoutMs: 30_000, what: 'the tenant erasure case' },
      );
      await open(adminVisitor, `/orgs/${org.id}`, lang, 404);
      expect((await api<MyOrganizationView[]>('GET', '/orgs', org.ownerSession)).map((o) => o.id)).not.toContain(org.id);
      // The staff console shows whose data the case erases.
      const staffVisitor = await visitorAt(STAFF, { javaScript: false, lang });
      try {
        await open(staffVisitor, `/admin/erasures/${caseId}`, lang);
        expect(await text(staffVisitor.page, '.case-kind')).toBe(consoleRecordsMessages[lang].kindTenant);
      } finally {
        await staffVisitor.close();
      }
    } finally {
      await adminVisitor.close();
      await visitor.close();
    }
  });

  it('public pages: the data processing agreement and the sub-processor register, in both languages, without a session', async () => {
    const dpa = (await stack.client.get('/dpa')).body as DpaView;
    for (const lang of ['en', 'lv'] as const) {
      const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript: lang === 'en', locale: lang === 'lv' ? 'lv-LV' : 'en-GB' });
      try {
        await open(visitor, '/dpa', lang);
        expect(await text(visitor.page, 'h1')).toBe(dpaMessages[lang].title);
        expect(await text(visitor.page, '.dpa-sha256')).toBe(dpa.sha256);
        expect(await visitor.page.locator('.dpa-text h2, .dpa-text p').count()).toBeGreaterThan(0);
        await expectAccessibleAndClean(visitor);
        await open(visitor, '/subprocessors', lang);
        expect(await text(visitor.page, 'h1')).toBe(subprocessorsMessages[lang].title);
        await expectAccessibleAndClean(visitor);
        // An invitation link with a token that is no invitation's: said plainly, 400.
        await open(visitor, '/org-invitation', lang, 400);
        expect(await text(visitor.page, '[role=alert]')).toBe(invitationMessages[lang].linkInvalid);
        await expectAccessibleAndClean(visitor);
      } finally {
        await visitor.close();
      }
    }
  });
});
