import { randomBytes, randomInt } from 'node:crypto';
import { SubprocessorChangeAnnounced, type BroadcastStatusView, type EventEnvelope } from '@sargs/contracts';
import {
  createTestDatabase,
  newPerson,
  signUp,
  startPlatformStack,
  startTestService,
  tokenFromMail,
  waitFor,
  withDatabase,
  type CaughtMail,
  type PlatformStack,
  type TestDatabase,
  type TestService,
} from '@sargs/testing';
import { login, notificationsDbUrl, STAFF, template } from './notifications-e2e-kit';

/** A Latvian registration number that passes the checksum (weights 9 1 4 8 3 10 2 5 7 6; sum + check = 3 mod 11). */
function registrationNumber(): string {
  for (;;) {
    const digits = `4000${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const sum = [...digits].reduce((total, digit, i) => total + Number(digit) * ([9, 1, 4, 8, 3, 10, 2, 5, 7, 6][i] as number), 0);
    const check = (((3 - sum) % 11) + 11) % 11;
    if (check < 10) return `${digits}${check}`;
  }
}

interface Member {
  email: string;
  password: string;
  accountId: string;
  session: string;
}

// Mail about organisations (R24): invitations to any address, sub-processor notices to every owner
// once (GDPR Art. 28(2)), and an incident told only to the owners and admins of the organisations
// concerned (Art. 33(2)). With the real organizations service behind the gateway; MailDev is the inbox.
describe('mail about organisations: invitations, sub-processor notices, incidents for organisations', () => {
  let stack: PlatformStack;
  let staff: string;
  let probeDb: TestDatabase;
  let probe: TestService;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'organizations', 'notifications'],
      ownRoles: ['organizations'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    staff = await login(stack, STAFF.email, STAFF.password);
    // A producer of our own on the stack's broker: to deliver an announcement a second time.
    probeDb = await createTestDatabase('org_mail_probe');
    probe = await startTestService({ name: `org-mail-probe-${randomBytes(3).toString('hex')}`, databaseUrl: probeDb.url, kafka: stack.kafka });
  });
  afterAll(async () => {
    await probe?.close();
    await probeDb?.drop();
    await stack?.stop();
  });

  const organizationsDb = <T>(work: Parameters<typeof withDatabase<T>>[1]) => withDatabase(stack.databases.organizations?.url as string, work);
  const organizationEvents = (type: string) =>
    organizationsDb(async (pg) => (await pg.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM outbox_message WHERE envelope->>'type' = $1 ORDER BY id`, [type])).rows.map((r) => r.envelope));

  async function member(tag: string, language: 'lv' | 'en' = 'en'): Promise<Member> {
    const person = newPerson(tag);
    const { accountId, session } = await signUp(stack, person, { language });
    await waitFor(
      () => organizationsDb(async (pg) => (await pg.query<{ email: string | null }>('SELECT email FROM member_account WHERE account_id = $1', [accountId])).rows[0]?.email),
      (email) => email === person.email,
      { timeoutMs: 30_000, what: 'organizations to learn the account' },
    );
    return { email: person.email, password: person.password, accountId, session };
  }

  async function createOrganization(owner: Member, name: string): Promise<string> {
    const answer = await stack.client.post('/orgs', { name, registrationNumber: registrationNumber() }, { session: owner.session });
    expect(answer.status).toBe(201);
    return (answer.body as { id: string }).id;
  }

  /** Invites the address: the invitation's id. */
  async function invite(orgId: string, inviter: Member, email: string, role: 'admin' | 'member'): Promise<string> {
    const answer = await stack.client.post(`/orgs/${orgId}/invitations`, { email, role }, { session: inviter.session });
    expect(answer.status).toBe(201);
    return (answer.body as { id: string }).id;
  }

  /** Invited by mail, accepting with the link the mail carries. */
  async function join(orgId: string, inviter: Member, who: Member, role: 'admin' | 'member'): Promise<void> {
    await invite(orgId, inviter, who.email, role);
    const mail = await stack.mail.waitForMail(who.email, template('org-invitation'));
    expect((await stack.client.post('/org-invitations/accept', { token: tokenFromMail(mail, '/org-invitation') }, { session: who.session })).status).toBe(204);
  }

  /** Waits until notifications knows each organisation's owners and admins as given. */
  const managersKnown = (orgId: string, expected: Record<string, 'owner' | 'admin'>) =>
    waitFor(
      () => withDatabase(notificationsDbUrl(stack), async (pg) => (await pg.query<{ account_id: string; role: string }>('SELECT account_id, role FROM organization_manager WHERE organization_id = $1', [orgId])).rows),
      (rows) => sameRoles(rows, expected),
      { timeoutMs: 30_000, what: `notifications to know who manages ${orgId}` },
    );
  const sameRoles = (rows: { account_id: string; role: string }[], expected: Record<string, string>) =>
    rows.length === Object.keys(expected).length && rows.every((r) => expected[r.account_id] === r.role);

  it('mails an invitation to an address without an account, in the inviter\'s language, with a link whose token joins the organisation once signed up', async () => {
    const owner = await member('inviting-owner', 'en');
    const name = `SIA Ielūgums ${randomBytes(3).toString('hex')}`;
    const orgId = await createOrganization(owner, name);
    const invited = newPerson('invited');
    const invitationId = await invite(orgId, owner, invited.email, 'admin');

    const mail = await stack.mail.waitForMail(invited.email, template('org-invitation'));
    expect(mail.subject).toBe(`Invitation to join ${name} on Sargs`);
    expect(mail.headers['x-sargs-category']).toBe('transactional');
    expect(mail.text).toContain('with the administrator role');
    expect(mail.text).toMatch(/^Hello,\n/u);
    const link = new RegExp(`${stack.publicOrigin.replace(/[.]/gu, '\\.')}/org-invitation\\?token=[^\\s]+`, 'u');
    expect(mail.text).toMatch(link);
    expect(mail.html).toMatch(new RegExp(`href="${stack.publicOrigin.replace(/[.]/gu, '\\.')}/org-invitation\\?token=`, 'u'));
    // The token is the one organizations sealed into its event, opened only here.
    const issued = (await organizationEvents('OrganizationInvitationIssued')).find((e) => (e.payload as { invitationId: string }).invitationId === invitationId) as EventEnvelope;
    const token = tokenFromMail(mail, '/org-invitation');
    expect(token).toBe(stack.openToken(issued));
    expect(JSON.stringify(mail)).not.toContain(JSON.stringify((issued.payload as { token: unknown }).token));

    // The address signs up, and the link makes it an admin of the organisation.
    const { session } = await signUp(stack, invited);
    await waitFor(
      () => organizationsDb(async (pg) => (await pg.query('SELECT 1 FROM member_account WHERE email = $1', [invited.email])).rowCount),
      (n) => n === 1,
      { timeoutMs: 30_000, what: 'organizations to learn the new account' },
    );
    expect((await stack.client.post('/org-invitations/accept', { token }, { session })).status).toBe(204);
    expect((await stack.client.get('/orgs', { session })).body).toEqual([expect.objectContaining({ id: orgId, role: 'admin' })]);
    // One mail, however the event travelled.
    expect((await stack.mail.mailsTo(invited.email)).filter(template('org-invitation'))).toHaveLength(1);
  });

  it("mails an invitation to an address that is an account's in that account's language, greeting it by name", async () => {
    const owner = await member('en-owner', 'en');
    const orgId = await createOrganization(owner, `SIA Valoda ${randomBytes(3).toString('hex')}`);
    const latvian = await member('lv-invitee', 'lv');
    await invite(orgId, owner, latvian.email, 'member');
    const mail = await stack.mail.waitForMail(latvian.email, template('org-invitation'));
    expect(mail.subject).toMatch(/^Uzaicinājums pievienoties organizācijai SIA Valoda [0-9a-f]{6} pakalpojumā Sargs$/u);
    expect(mail.text).toMatch(/^Labdien, Anna Bērziņa!\n/u);
    expect(mail.text).toContain('ar dalībnieka lomu');
    expect((await stack.client.post('/org-invitations/accept', { token: tokenFromMail(mail, '/org-invitation') }, { session: latvian.session })).status).toBe(204);
  });

  describe('with organisations and their owners and admins', () => {
    let ownerOfTwo: Member;
    let otherOwner: Member;
    let admin: Member;
    let plain: Member;
    let first: string;
    let second: string;
    let third: string;

    beforeAll(async () => {
      [ownerOfTwo, otherOwner, admin, plain] = await Promise.all([member('owner-of-two'), member('other-owner', 'lv'), member('org-admin'), member('org-plain')]);
      first = await createOrganization(ownerOfTwo, `SIA Pirmā ${randomBytes(3).toString('hex')}`);
      second = await createOrganization(ownerOfTwo, `SIA Otrā ${randomBytes(3).toString('hex')}`);
      third = await createOrganization(otherOwner, `SIA Trešā ${randomBytes(3).toString('hex')}`);
      await join(first, ownerOfTwo, admin, 'admin');
      await join(first, ownerOfTwo, plain, 'member');
      await managersKnown(first, { [ownerOfTwo.accountId]: 'owner', [admin.accountId]: 'admin' });
      await managersKnown(second, { [ownerOfTwo.accountId]: 'owner' });
      await managersKnown(third, { [otherOwner.accountId]: 'owner' });
    });

    it("mails a sub-processor change to each owner once, in the owner's language, however often it is announced; not to admins or members", async () => {
      const effectiveAt = new Date(Date.now() + 40 * 24 * 3600_000).toISOString();
      const processor = `Pasta Pakalpojumi ${randomBytes(3).toString('hex')}`;
      const announced = await stack.client.post('/admin/subprocessors', { change: 'added', name: processor, purpose: 'e-mail delivery', location: 'Latvia (EU)', effectiveAt }, { session: staff });
      expect(announced.status).toBe(201);
      const notice = (m: CaughtMail) => template('subprocessor-change')(m) && m.subject.includes(processor);

      const english = await stack.mail.waitForMail(ownerOfTwo.email, notice);
      expect(english.subject).toBe(`Sargs adds a sub-processor: ${processor}`);
      expect(english.headers['x-sargs-category']).toBe('service');
      expect(english.text).toContain(`${processor} (Latvia (EU)), for: e-mail delivery.`);
      const latvian = await stack.mail.waitForMail(otherOwner.email, notice);
      expect(latvian.subject).toBe(`Sargs pievieno apakšapstrādātāju: ${processor}`);

      // The same announcement delivered again (a new event, the same change): nobody is mailed twice.
      const [event] = (await organizationEvents('SubprocessorChangeAnnounced')).filter((e) => (e.payload as { name: string }).name === processor);
      await probe.dataSource.transaction((m) => probe.publisher.publish(m, SubprocessorChangeAnnounced, event.subjectId, event.payload as never));
      await waitFor(
        () => withDatabase(notificationsDbUrl(stack), async (pg) => (await pg.query(`SELECT 1 FROM inbox_record WHERE event_type = 'SubprocessorChangeAnnounced'`)).rowCount ?? 0),
        (n) => n >= 2,
        { timeoutMs: 30_000, what: 'notifications to take in the second delivery' },
      );
      await new Promise((r) => setTimeout(r, 2_000));
      expect((await stack.mail.mailsTo(ownerOfTwo.email)).filter(notice)).toHaveLength(1);
      expect((await stack.mail.mailsTo(otherOwner.email)).filter(notice)).toHaveLength(1);
      for (const who of [admin, plain]) expect((await stack.mail.mailsTo(who.email)).filter(notice)).toEqual([]);
    });

    it("tells an incident with audienceOrgIds to those organisations' owners and admins only", async () => {
      const title = `Noplūde ${randomBytes(3).toString('hex')}`;
      const declared = await stack.client.post(
        '/admin/incidents',
        { title, message: { lv: 'Jūsu organizācijas dati ir skarti.', en: "Your organisation's data was affected." }, audience: 'all', audienceOrgIds: [first] },
        { session: staff },
      );
      expect(declared.status).toBe(202);
      const { id } = declared.body as { id: string };
      const incident = (m: CaughtMail) => template('security-incident')(m) && m.subject.includes(title);
      for (const who of [ownerOfTwo, admin]) expect((await stack.mail.waitForMail(who.email, incident)).text).toContain("Your organisation's data was affected.");
      const counts = await waitFor(
        async () => (await stack.client.get(`/admin/incidents/${id}`, { session: staff })).body as BroadcastStatusView,
        (c) => c.pending === 0,
        { timeoutMs: 30_000, what: 'the incident to be delivered' },
      );
      expect(counts).toMatchObject({ notified: 2, failed: 0 });
      for (const who of [plain, otherOwner]) expect((await stack.mail.mailsTo(who.email)).filter(incident)).toEqual([]);
      // The staff who declared it, an account of the stack, was not told either: not "everyone".
      expect((await stack.mail.mailsTo(STAFF.email)).filter(incident)).toEqual([]);

      // Without audienceOrgIds, as before: a listed audience only.
      const listed = await stack.client.post('/admin/incidents', { title: `${title} b`, message: { lv: 'x', en: 'y' }, audience: { accountIds: [plain.accountId] } }, { session: staff });
      expect(listed.status).toBe(202);
      await stack.mail.waitForMail(plain.email, (m) => template('security-incident')(m) && m.subject.includes(`${title} b`));
      expect((await stack.client.post('/admin/incidents', { title, message: { lv: 'x', en: 'y' }, audience: 'all', audienceOrgIds: [] }, { session: staff })).status).toBe(422);
      expect((await stack.client.post('/admin/incidents', { title, message: { lv: 'x', en: 'y' }, audience: 'all', audienceOrgIds: ['nope'] }, { session: staff })).status).toBe(422);
    });
  });
});
