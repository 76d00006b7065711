import { startPlatformStack, tokenFromMail, usedSecrets, waitFor, withDatabase, type CaughtMail, type PlatformStack } from '@sargs/testing';
import { accountIdOf, login, newPerson, notificationsDbUrl, signUpByMail, STAFF, template, waitForRecipient } from './notifications-e2e-kit';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** What every mail must not contain: the recipient's address (R1: no more personal data than needed). */
function expectNoAddressIn(mail: CaughtMail, address: string): void {
  expect(mail.text.toLowerCase()).not.toContain(address.toLowerCase());
  expect(mail.html.toLowerCase()).not.toContain(address.toLowerCase());
}

describe('every mail Sargs sends, by category, in the person\'s language, over real SMTP (R16-R19, R25)', () => {
  let stack: PlatformStack;
  let staff: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent', 'notifications'],
      env: {
        // A lockout that outlasts the wait for its warning mail: the 429 after it must not depend on how fast the mail came.
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000', LOGIN_BACKOFF_BASE_MS: '60000' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    staff = await login(stack, STAFF.email, STAFF.password);
  });
  afterAll(() => stack?.stop());

  const incidentStatus = async (id: string) => (await stack.client.get(`/admin/incidents/${id}`, { session: staff })).body as { notified: number; pending: number; failed: number; skipped: number };
  const waitForIncident = (id: string, done: (s: { notified: number; pending: number; failed: number }) => boolean) =>
    waitFor(() => incidentStatus(id), done, { timeoutMs: 30_000, what: `incident ${id}` });

  describe('transactional mail (R16)', () => {
    it('mails the verification link in Latvian to a Latvian sign-up; the link verifies the address', async () => {
      const person = newPerson('lv-signup');
      const { verification } = await signUpByMail(stack, person, { language: 'lv' });
      expect(verification.subject).toBe('Apstipriniet savu e-pasta adresi');
      expect(verification.headers['x-sargs-category']).toBe('transactional');
      expect(verification.headers['list-unsubscribe']).toBeUndefined();
      expect(verification.to).toEqual([{ address: person.email, name: person.name }]);
      expect(verification.text).toContain(`${stack.publicOrigin}/verify-email?token=`);
      expect(verification.html).toContain('lang="lv"');
      expect(verification.text).toContain('Sargs');
      expectNoAddressIn(verification, person.email);
      usedSecrets.push(tokenFromMail(verification, '/verify-email'));
    });

    it('writes in English by default', async () => {
      const person = newPerson('en-signup');
      const { verification } = await signUpByMail(stack, person);
      expect(verification.html).toContain('lang="en"');
      expect(verification.subject).toBe('Confirm your e-mail address');
    });

    it('tells the owner of a taken address that someone tried to register with it, with no token', async () => {
      const person = newPerson('taken');
      await signUpByMail(stack, person, { language: 'lv' });
      const again = await stack.client.post('/accounts', { name: 'Someone Else', email: person.email, password: 'cits garš parole 77 zils', acceptedPolicyVersion: await stack.currentPolicyVersion() });
      expect(again.status).toBe(202);
      const notice = await stack.mail.waitForMail(person.email, template('registration-attempt'));
      expect(notice.headers['x-sargs-category']).toBe('transactional');
      expect(notice.html).toContain('lang="lv"');
      expect(notice.text).not.toMatch(/token=/u);
      expect((await stack.mail.mailsTo(person.email)).filter(template('verify-email'))).toHaveLength(1);
    });

    it('mails a reset link that works, then a "password changed" notice', async () => {
      const person = newPerson('reset');
      await signUpByMail(stack, person);
      expect((await stack.client.post('/password-resets', { email: person.email })).status).toBe(202);
      const reset = await stack.mail.waitForMail(person.email, template('password-reset'));
      expect(reset.text).toContain(`${stack.publicOrigin}/reset-password?token=`);
      const token = tokenFromMail(reset, '/reset-password');
      usedSecrets.push(token);
      const newPassword = 'jauna parole ar 5 vārdiem';
      usedSecrets.push(newPassword);
      expect((await stack.client.post('/password-resets/confirm', { token, newPassword })).status).toBe(204);
      const changed = await stack.mail.waitForMail(person.email, template('password-changed'));
      expect(changed.text).not.toMatch(/token=/u);
      expectNoAddressIn(changed, person.email);
    });

    it('sends the e-mail change link to the new address and a notice without it to the old; afterwards mail goes to the new one', async () => {
      const person = newPerson('mover');
      const { session } = await signUpByMail(stack, person);
      const newEmail = newPerson('moved').email;
      expect((await stack.client.post('/me/email-change', { newEmail, password: person.password }, { session })).status).toBe(202);
      const link = await stack.mail.waitForMail(newEmail, template('email-change-confirm'));
      const notice = await stack.mail.waitForMail(person.email, template('email-change-notice'));
      expect(notice.text).not.toContain(newEmail);
      expect(notice.html).not.toContain(newEmail);
      expect(notice.text).not.toMatch(/token=/u);
      const token = tokenFromMail(link, '/confirm-email-change');
      usedSecrets.push(token);
      expect((await stack.client.post('/me/email-change/confirm', { token }, { session })).status).toBe(204);
      await waitForRecipient(stack, await accountIdOf(stack, session), (r) => r.email === newEmail);
      await stack.client.post('/password-resets', { email: newEmail });
      await stack.mail.waitForMail(newEmail, template('password-reset'));
      expect((await stack.mail.mailsTo(person.email)).filter(template('password-reset'))).toHaveLength(0);
    });

    it('fixes the notice to the address it was queued for, tells the old address once the change completes, and ends the other sessions', async () => {
      const person = newPerson('mover-two');
      const { session } = await signUpByMail(stack, person);
      const accountId = await accountIdOf(stack, session);
      const elsewhere = await login(stack, person.email, person.password);
      const newEmail = newPerson('moved-two').email;
      expect((await stack.client.post('/me/email-change', { newEmail, password: person.password }, { session })).status).toBe(202);
      const link = await stack.mail.waitForMail(newEmail, template('email-change-confirm'));
      // A notice held back (greylisted, retried) must not follow the account to its new address.
      const queued = await withDatabase(notificationsDbUrl(stack), async (pg) =>
        (await pg.query<{ to_address: string | null }>(`SELECT to_address FROM outgoing_mail WHERE account_id = $1 AND template = 'email-change-notice'`, [accountId])).rows,
      );
      expect(queued).toEqual([{ to_address: person.email }]);

      const token = tokenFromMail(link, '/confirm-email-change');
      usedSecrets.push(token);
      expect((await stack.client.post('/me/email-change/confirm', { token }, { session })).status).toBe(204);
      const told = await stack.mail.waitForMail(person.email, template('email-changed'));
      expect(told.text).not.toContain(newEmail);
      expect((await stack.client.get('/me', { session: elsewhere })).status).toBe(401);
      expect((await stack.client.get('/me', { session })).status).toBe(200);
      await waitForRecipient(stack, accountId, (r) => r.email === newEmail);
      expect((await stack.mail.mailsTo(newEmail)).filter(template('email-changed'))).toHaveLength(0);
      expect((await stack.mail.mailsTo(person.email)).filter(template('email-changed'))).toHaveLength(1);
    });
  });

  describe('suspicious activity (security)', () => {
    it('warns the owner once, in their language, when wrong passwords lock their login', async () => {
      const person = newPerson('targeted');
      await signUpByMail(stack, person, { language: 'lv' });
      for (let i = 0; i < 6; i++) expect((await stack.client.post('/sessions', { email: person.email, password: `nepareiza parole ${i}` })).status).toBe(401);
      const warning = await stack.mail.waitForMail(person.email, template('suspicious-login'));
      expect(warning.headers['x-sargs-category']).toBe('security');
      expect(warning.html).toContain('lang="lv"');
      expect(warning.text).toContain(`${stack.publicOrigin}/reset-password`);
      expect(warning.text).not.toMatch(/token=/u);
      expectNoAddressIn(warning, person.email);
      // The lockout answers 429 without checking; the owner is not warned again in this run.
      expect((await stack.client.post('/sessions', { email: person.email, password: 'vēl viena nepareiza' })).status).toBe(429);
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await stack.mail.mailsTo(person.email)).filter(template('suspicious-login'))).toHaveLength(1);
    });
  });

  describe('security incidents (R17)', () => {
    it('needs staff (401/403), a valid body (422), and answers 404 for an unknown incident', async () => {
      const { session: user } = await signUpByMail(stack, newPerson('not-staff'));
      const body = { title: 'Test', message: { lv: 'Ziņa', en: 'Message' }, audience: 'all' };
      expect((await stack.client.post('/admin/incidents', body)).status).toBe(401);
      expect((await stack.client.post('/admin/incidents', body, { session: user })).status).toBe(403);
      const bad = await stack.client.post('/admin/incidents', { title: 'x\r\nBcc: a@b.c', message: { lv: '' }, audience: { accountIds: ['nope'] } }, { session: staff });
      expect(bad.status).toBe(422);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/u);
      expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(expect.arrayContaining(['title', 'message.lv', 'message.en']));
      expect((await stack.client.get('/admin/incidents/00000000-0000-4000-8000-000000000000', { session: staff })).status).toBe(404);
      expect((await stack.client.get('/admin/incidents/not-a-uuid', { session: staff })).status).toBe(404);
    });

    it('notifies exactly the listed accounts, whatever their marketing choice, each in their language, and counts them', async () => {
      const optedOut = newPerson('incident-lv');
      const listedEn = newPerson('incident-en');
      const bystander = newPerson('incident-bystander');
      const a = await signUpByMail(stack, optedOut, { language: 'lv', marketingEmails: false });
      const b = await signUpByMail(stack, listedEn, { language: 'en', marketingEmails: true });
      await signUpByMail(stack, bystander);
      const ids = [await accountIdOf(stack, a.session), await accountIdOf(stack, b.session)];
      await Promise.all(ids.map((id) => waitForRecipient(stack, id)));
      const created = await stack.client.post(
        '/admin/incidents',
        { title: 'Aizdomīga pieteikšanās', message: { lv: 'Lūdzu nomainiet paroli.', en: 'Please change your password.' }, audience: { accountIds: [...ids, '00000000-0000-4000-8000-000000000001'] } },
        { session: staff },
      );
      expect(created.status).toBe(202);
      const { id } = created.body as { id: string };
      const status = await waitForIncident(id, (s) => s.pending === 0);
      expect(status).toMatchObject({ id, notified: 2, pending: 0, failed: 0, skipped: 1 });
      const lv = await stack.mail.waitForMail(optedOut.email, template('security-incident'));
      const en = await stack.mail.waitForMail(listedEn.email, template('security-incident'));
      expect(lv.headers['x-sargs-category']).toBe('security');
      expect(lv.text).toContain('Lūdzu nomainiet paroli.');
      expect(en.text).toContain('Please change your password.');
      expect(en.text).not.toContain('Lūdzu');
      expect(lv.subject).toContain('Aizdomīga pieteikšanās');
      expect((await stack.mail.mailsTo(bystander.email)).filter(template('security-incident'))).toHaveLength(0);
    });

    it('records who was notified on notifications.delivery.v1, with ids only', async () => {
      const person = newPerson('audited');
      const { session } = await signUpByMail(stack, person);
      const accountId = await accountIdOf(stack, session);
      await waitForRecipient(stack, accountId);
      const { id } = (await stack.client.post('/admin/incidents', { title: 'Audit', message: { lv: 'a', en: 'b' }, audience: { accountIds: [accountId] } }, { session: staff })).body as { id: string };
      await waitForIncident(id, (s) => s.notified === 1);
      const events = await withDatabase(notificationsDbUrl(stack), async (pg) =>
        (await pg.query<{ envelope: { type: string; payload: Record<string, unknown> } }>(
          `SELECT envelope FROM outbox_message WHERE topic = 'notifications.delivery.v1' AND envelope->'payload'->>'broadcastId' = $1`, [id])).rows,
      );
      expect(events).toHaveLength(1);
      expect(events[0].envelope.type).toBe('MailDelivered');
      expect(events[0].envelope.payload).toMatchObject({ accountId, category: 'security', template: 'security-incident', broadcastId: id });
      expect(JSON.stringify(events[0])).not.toContain(person.email);
      expect(JSON.stringify(events[0])).not.toContain(person.name);
    });
  });

  describe('marketing (R18)', () => {
    it('goes only to current opt-ins, with exactly RFC 8058 headers, and its one-click POST withdraws consent', async () => {
      const fan = newPerson('fan');
      const sceptic = newPerson('sceptic');
      const f = await signUpByMail(stack, fan, { language: 'lv', marketingEmails: true });
      const s = await signUpByMail(stack, sceptic, { marketingEmails: false });
      const fanId = await accountIdOf(stack, f.session);
      await waitForRecipient(stack, fanId);
      await waitForRecipient(stack, await accountIdOf(stack, s.session));
      await withDatabase(notificationsDbUrl(stack), async (pg) => {
        const deadline = Date.now() + 30_000;
        while ((await pg.query(`SELECT 1 FROM recipient_consent WHERE account_id = $1 AND granted`, [fanId])).rowCount === 0) {
          if (Date.now() > deadline) throw new Error('consent projection did not catch up');
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      const campaign = { subject: { lv: 'Jaunumi', en: 'News' }, body: { lv: 'Sveiki no Sargs.', en: 'Hello from Sargs.' } };
      const created = await stack.client.post('/admin/campaigns', campaign, { session: staff });
      expect(created.status).toBe(202);
      const mail = await stack.mail.waitForMail(fan.email, template('campaign'));
      expect(mail.subject).toBe('Jaunumi');
      expect(mail.headers['x-sargs-category']).toBe('marketing');
      const unsubscribe = mail.headers['list-unsubscribe'];
      expect(unsubscribe).toMatch(new RegExp(`^<${stack.publicOrigin.replace(/[.]/g, '\\.')}/api/v1/unsubscribe\\?token=[^>\\s]+>$`, 'u'));
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const url = new URL(unsubscribe.slice(1, -1));
      // People get the web page with the same token; the API's one-click URL is for mail clients.
      expect(mail.text).toContain(`${stack.publicOrigin}/unsubscribe${url.search}`);
      expect(mail.text).not.toContain(url.toString());
      const campaignId = (created.body as { id: string }).id;
      await waitFor(async () => (await stack.client.get(`/admin/campaigns/${campaignId}`, { session: staff })).body as { pending: number }, (st) => st.pending === 0, { what: 'campaign sent' });
      expect((await stack.mail.mailsTo(sceptic.email)).filter(template('campaign'))).toHaveLength(0);

      // A mail client's one-click POST: no session, no Origin, the RFC 8058 form body.
      const root = stack.roots[0];
      const oneClick = await root.post(`${url.pathname}${url.search}`, 'List-Unsubscribe=One-Click', { headers: FORM, origin: null });
      expect(oneClick.status).toBe(200);
      const consents = (await stack.client.get('/me/consents', { session: f.session })).body as { purposes: { purpose: string; granted: boolean }[] };
      expect(consents.purposes).toEqual([expect.objectContaining({ purpose: 'marketing-email', granted: false })]);

      await waitForRecipient(stack, fanId, () => true);
      await withDatabase(notificationsDbUrl(stack), async (pg) => {
        const deadline = Date.now() + 30_000;
        while ((await pg.query(`SELECT 1 FROM recipient_consent WHERE account_id = $1 AND NOT granted`, [fanId])).rowCount === 0) {
          if (Date.now() > deadline) throw new Error('withdrawal did not reach notifications');
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      const second = await stack.client.post('/admin/campaigns', { subject: { lv: 'Vēl', en: 'More' }, body: { lv: 'x', en: 'y' } }, { session: staff });
      const secondId = (second.body as { id: string }).id;
      await waitFor(async () => (await stack.client.get(`/admin/campaigns/${secondId}`, { session: staff })).body as { pending: number; queuedAll: boolean }, (st) => st.queuedAll && st.pending === 0, { what: 'second campaign done' });
      expect((await stack.mail.mailsTo(fan.email)).filter(template('campaign'))).toHaveLength(1);
    });
  });

  describe('policy changes (R25) and closure (R13, R19)', () => {
    it('sends every active account a service notice of a new policy, and a closed account nothing at all', async () => {
      const reader = newPerson('policy-reader');
      const leaver = newPerson('leaver');
      const r = await signUpByMail(stack, reader, { language: 'lv' });
      const l = await signUpByMail(stack, leaver);
      const leaverId = await accountIdOf(stack, l.session);
      await waitForRecipient(stack, await accountIdOf(stack, r.session));
      await waitForRecipient(stack, leaverId);

      expect((await stack.client.post('/me/closure', { password: leaver.password }, { session: l.session })).status).toBe(202);
      await waitForRecipient(stack, leaverId, (row) => row.closed_at !== null);
      const before = (await stack.mail.mailsTo(leaver.email)).length;

      const version = `2027-${Date.now()}`;
      const published = await stack.client.post('/admin/policies/privacy', { version, translations: { lv: { content: 'Jauna politika' }, en: { content: 'New policy' } } }, { session: staff });
      expect(published.status).toBe(201);
      const notice = await stack.mail.waitForMail(reader.email, template('policy-changed'));
      expect(notice.headers['x-sargs-category']).toBe('service');
      expect(notice.html).toContain('lang="lv"');
      expect(notice.text).toContain(version);
      expect(notice.headers['list-unsubscribe']).toBeUndefined();

      // Everything that would mail the closed account: a reset, an incident to all, a campaign.
      expect((await stack.client.post('/password-resets', { email: leaver.email })).status).toBe(202);
      const incident = (await stack.client.post('/admin/incidents', { title: 'All', message: { lv: 'a', en: 'b' }, audience: 'all' }, { session: staff })).body as { id: string };
      await waitForIncident(incident.id, (s) => s.pending === 0);
      await stack.mail.waitForMail(reader.email, template('security-incident'));
      expect(await stack.mail.mailsTo(leaver.email)).toHaveLength(before);
    });
  });

  it('keeps addresses, names and tokens out of every log line', () => {
    const output = stack.fullOutput();
    for (const secret of usedSecrets) expect(output).not.toContain(secret);
  });
});
