import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { encodeHostile, hostileBody, hostilePayload, hostileString, hostileValue, startPlatformStack, type ApiResponse, type PlatformStack } from '@sargs/testing';
import {
  addMember,
  createOrganization,
  invitationToken,
  login,
  member,
  organizationsSnapshot,
  REGISTRATION_NUMBERS,
  SEED_DPA_VERSION,
  STAFF,
  type SignedInPerson,
} from './organizations-e2e-kit';

/**
 * Near misses that get past the shape checks to the rules behind them: a number with a wrong check
 * digit, a person's code, the VAT number of another number, a DPA version not in force, an evidence
 * digest in capitals. Never `owner` exactly: a hostile body that handed the organisation over would
 * let the owner leave it, and every later request would get an outsider's 404.
 */
const NEAR_MISSES = [
  '40003521600',
  '4000 3521 601',
  '16117519997',
  'LV40003521600',
  'lv 4000-3521-600',
  'LV40003189718',
  'EE100931558',
  'admin',
  'member',
  'Owner',
  ' owner',
  'register-extract',
  'vat-register',
  'added',
  'removed',
  SEED_DPA_VERSION,
  '0',
  '..',
  'SIA Ābeles',
  'A'.repeat(64),
  "x'; DROP TABLE organization;--",
];
const hostileText = hostileString(NEAR_MISSES);
const hostileJson = hostileValue(NEAR_MISSES);
const bodyFor = (fields: string[]) => hostileBody(fields, NEAR_MISSES);
/**
 * Mostly a valid value, so whole bodies often pass the schema and reach the rules behind it (the
 * checks under a row lock, the conflicts); else one of the field's near misses, or any JSON value.
 */
const nearly = (valid: fc.Arbitrary<unknown>, ...misses: unknown[]) =>
  fc.oneof({ weight: 6, arbitrary: valid }, ...(misses.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...misses) }] : []), { weight: 1, arbitrary: hostileJson });
/** The route's fields with near misses (twice as often), or any hostile body at all. */
const bodiesOf = (fields: string[], structured: fc.Arbitrary<unknown>) => fc.oneof({ weight: 1, arbitrary: bodyFor(fields) }, { weight: 2, arbitrary: structured });

const NUM_RUNS = 40;
const DAY_MS = 86_400_000;

describe('organizations endpoints under malformed and hostile input (property-based)', () => {
  let stack: PlatformStack;
  let staff: string;
  let owner: SignedInPerson;
  let plain: SignedInPerson;
  let invitee: SignedInPerson;
  let outsider: SignedInPerson;
  let orgId: string;
  let inviteeToken: string;
  let spareInvitationId: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'organizations'],
      // organizations logs in with a role of its own, as in production: row-level security binds it.
      ownRoles: ['organizations'],
      env: {
        // The failure that locks an account warns its owner (an event organizations consumes): out
        // of reach here, so a refused password changes nothing in organizations, even later.
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: '100000', LOGIN_FREE_ATTEMPTS_PER_CLIENT: '100000' },
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
      },
    });
    staff = await login(stack, STAFF.email, STAFF.password);
    [owner, plain, invitee, outsider] = await Promise.all([member(stack, 'hostile-owner'), member(stack, 'hostile-plain'), member(stack, 'hostile-invitee'), member(stack, 'hostile-outsider')]);
    orgId = await createOrganization(stack, owner.session, { registrationNumber: REGISTRATION_NUMBERS[0], vatNumber: `LV${REGISTRATION_NUMBERS[0]}`, address: 'Brīvības iela 1, Rīga' });
    await addMember(stack, orgId, owner.session, plain, 'member');
    const invited = await stack.client.post(`/orgs/${orgId}/invitations`, { email: invitee.email, role: 'admin' }, { session: owner.session });
    inviteeToken = await invitationToken(stack, (invited.body as { id: string }).id);
    const spare = await stack.client.post(`/orgs/${orgId}/invitations`, { email: 'spare.invitee@example.test', role: 'member' }, { session: owner.session });
    spareInvitationId = (spare.body as { id: string }).id;

    // Names and languages reach organizations a moment after the addresses (profile's events):
    // wait until nothing changes on its own, so a difference below is the request's doing.
    let last = await organizationsSnapshot(stack);
    for (let quiet = 0; quiet < 2; ) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await organizationsSnapshot(stack);
      quiet = JSON.stringify(now) === JSON.stringify(last) ? quiet + 1 : 0;
      last = now;
    }
  }, 240_000);
  afterAll(() => stack?.stop());

  /** Never a 5xx; a 2xx only one the route documents; a 4xx is problem+json and leaves every table as it was. */
  const expectNoHarm = async (answer: ApiResponse, before: Record<string, string>, documented: number[]) => {
    expect(answer.status).toBeLessThan(500);
    if (answer.status < 400) {
      expect(documented).toContain(answer.status);
      return;
    }
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: answer.status, title: expect.any(String), detail: expect.any(String) });
    expect(await organizationsSnapshot(stack)).toEqual(before);
  };

  const send = (method: string, path: string, body: unknown, session: string) =>
    stack.client.call(method, path, { body: hostilePayload(body), headers: { 'content-type': 'application/json' }, session });

  /** Each generated input: snapshot, send, check. */
  const check = <T>(input: fc.Arbitrary<T>, call: (value: T) => Promise<ApiResponse>, documented: number[], numRuns = NUM_RUNS) =>
    fc.assert(
      fc.asyncProperty(input, async (value) => {
        const before = await organizationsSnapshot(stack);
        await expectNoHarm(await call(value), before, documented);
      }),
      { numRuns },
    );

  /** A path segment: mostly the genuine id (so the body is what is tested), else its near misses and anything at all. */
  const segment = (genuine: string, ...others: string[]) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(genuine) },
      fc.constantFrom(genuine.toUpperCase(), `${genuine}x`, genuine.slice(0, -1), ` ${genuine}`, `${genuine}/..`, randomUUID(), '00000000-0000-0000-0000-000000000000', ...others),
      hostileText,
    ).map((s) => (s === genuine ? s : encodeHostile(s)));

  // ---- organisations ----------------------------------------------------------------------

  it('POST /orgs: never a 5xx, never a partial write', async () => {
    const details = fc.record(
      {
        name: nearly(fc.constantFrom(' SIA Ābeles ', 'SIA Tests'), 'x'.repeat(201), 'SIA\u2028Rīga', '   '),
        registrationNumber: nearly(fc.constantFrom(...REGISTRATION_NUMBERS, '4000-3521-600'), '40003521601', '16117519997', '4'.repeat(41)),
        vatNumber: nearly(fc.constantFrom(null, `LV${REGISTRATION_NUMBERS[1]}`, 'lv 4000 3189 718'), 'LV4000318971'),
        address: nearly(fc.constantFrom(null, 'Brīvības iela 1, Rīga'), 'x'.repeat(301)),
      },
      { requiredKeys: ['name', 'registrationNumber'] },
    );
    // A hostile body that happens to be a valid organisation is a new organisation (201).
    await check(bodiesOf(['name', 'registrationNumber', 'vatNumber', 'address'], details), (body) => send('POST', '/orgs', body, outsider.session), [201]);
  });

  it('PATCH /orgs/:id: never a 5xx, never a partial write', async () => {
    const changes = fc.record(
      {
        name: nearly(fc.constant('SIA Jaunais'), 'x'.repeat(201), 'SIA\u0085X', null),
        registrationNumber: nearly(fc.constantFrom(...REGISTRATION_NUMBERS), '40003521601', '0'.repeat(11), null),
        // Another number's VAT number is the 422 checked against the details as they will be, after the row lock.
        vatNumber: nearly(fc.constantFrom(null, `LV${REGISTRATION_NUMBERS[0]}`, `LV${REGISTRATION_NUMBERS[2]}`)),
        address: nearly(fc.constantFrom(null, 'Elizabetes iela 2, Rīga'), 'x'.repeat(301)),
      },
      { requiredKeys: [] },
    );
    await check(
      fc.tuple(segment(orgId), bodiesOf(['name', 'registrationNumber', 'vatNumber', 'address'], changes)),
      ([id, body]) => send('PATCH', `/orgs/${id}`, body, owner.session),
      [200],
    );
  });

  it('DELETE /orgs/:id with hostile password bodies: refused, never a 5xx, nothing written', async () => {
    const passwords = fc.oneof(bodyFor(['password']), fc.record({ password: fc.constantFrom(`${owner.password} `, owner.password.toUpperCase(), owner.password.slice(1), plain.password) }));
    await check(
      fc.tuple(segment(orgId), passwords),
      ([id, body]) => send('DELETE', `/orgs/${id}`, body, owner.session),
      // Never the owner's password: nothing here may delete the organisation.
      [],
    );
    expect((await stack.client.get(`/orgs/${orgId}`, { session: owner.session })).status).toBe(200);
  });

  // ---- members ----------------------------------------------------------------------------

  it('PATCH /orgs/:id/members/:accountId: never a 5xx, never a partial write', async () => {
    // `owner` is left out on purpose (see NEAR_MISSES); the owner's own id with another role is the last owner's 409.
    const roles = fc.record({ role: nearly(fc.constantFrom('admin', 'member'), 'Owner', 'OWNER', ' owner', 'owner\u0000', 'staff') });
    await check(
      fc.tuple(segment(orgId), fc.oneof(segment(owner.accountId), segment(plain.accountId)), bodiesOf(['role'], roles)),
      ([id, accountId, body]) => send('PATCH', `/orgs/${id}/members/${accountId}`, body, owner.session),
      [200],
    );
  });

  it('DELETE /orgs/:id/members/:accountId: hostile ids never 5xx; the last owner stays, nothing half-removed', async () => {
    await check(
      fc.tuple(segment(orgId), segment(owner.accountId, randomUUID()), fc.oneof(fc.constant(undefined), bodyFor(['accountId']))),
      ([id, accountId, body]) =>
        body === undefined ? stack.client.delete(`/orgs/${id}/members/${accountId}`, { session: owner.session }) : send('DELETE', `/orgs/${id}/members/${accountId}`, body, owner.session),
      [],
    );
    const members = await stack.client.get(`/orgs/${orgId}/members`, { session: owner.session });
    expect((members.body as { accountId: string; role: string }[]).filter((m) => m.role === 'owner').map((m) => m.accountId)).toEqual([owner.accountId]);
  });

  // ---- invitations ------------------------------------------------------------------------

  it('POST /orgs/:id/invitations: never a 5xx, never a partial write', async () => {
    // Members' own addresses are the 409 after the organisation is locked; another address is an invitation (201).
    const invitations = fc.record(
      {
        email: nearly(fc.constantFrom(owner.email, plain.email.toUpperCase(), ` ${owner.email} `, 'new.person@example.test'), `${owner.email}\u0000`, 'a@b', `${'x'.repeat(250)}@example.test`),
        role: nearly(fc.constantFrom('admin', 'member'), 'owner', 'Admin'),
      },
      { requiredKeys: [] },
    );
    await check(
      fc.tuple(segment(orgId), bodiesOf(['email', 'role'], invitations)),
      ([id, body]) => send('POST', `/orgs/${id}/invitations`, body, owner.session),
      [201],
    );
  });

  it('POST /org-invitations/accept: hostile and near-miss tokens never 5xx and never write', async () => {
    const nearTokens = fc.constantFrom(`${inviteeToken}x`, `${inviteeToken.slice(0, -1)}${inviteeToken.endsWith('A') ? 'B' : 'A'}`, inviteeToken.toUpperCase(), ` ${inviteeToken}`, `${inviteeToken}\u0000`, 'x'.repeat(513));
    await check(
      bodiesOf(['token'], fc.record({ token: nearly(nearTokens) })),
      (body) => send('POST', '/org-invitations/accept', body, invitee.session),
      [],
    );
    // The genuine link in the wrong hands, however the body is dressed: 403, and it keeps working for its addressee.
    await check(
      fc.oneof(
        fc.constant<unknown>({ token: inviteeToken }),
        fc.dictionary(fc.constantFrom('extra', '__proto__', 'constructor'), hostileJson, { minKeys: 1, maxKeys: 2 }).map((more) => ({ ...more, token: inviteeToken })),
      ),
      (body) => send('POST', '/org-invitations/accept', body, outsider.session),
      [],
      20,
    );
  });

  it('DELETE /orgs/:id/invitations/:invitationId: hostile ids never 5xx and never write', async () => {
    // The genuine id (or its upper case) revokes the spare invitation once (204); then it is the 404 of an unknown id.
    await check(
      fc.tuple(segment(orgId), segment(spareInvitationId)),
      ([id, invitationId]) => stack.client.delete(`/orgs/${id}/invitations/${invitationId}`, { session: owner.session }),
      [204],
    );
  });

  // ---- the data processing agreement ------------------------------------------------------

  it('POST /orgs/:id/dpa-acceptance: never a 5xx, never a partial write', async () => {
    const versions = fc.record({ version: nearly(fc.constantFrom(SEED_DPA_VERSION, `${SEED_DPA_VERSION}.0`, '2'), `${SEED_DPA_VERSION} `, 'x'.repeat(51)) });
    await check(
      fc.tuple(segment(orgId), bodiesOf(['version'], versions)),
      ([id, body]) => send('POST', `/orgs/${id}/dpa-acceptance`, body, owner.session),
      [201],
    );
  });

  it('POST /admin/dpa: never a 5xx, never a partial write', async () => {
    // The seed version is the 409 after the publication lock; a new version is a publication (201).
    const publications = fc.record({
      version: nearly(fc.oneof(fc.constantFrom(SEED_DPA_VERSION, 'v'.repeat(50)), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/u)), '-1', '.', 'v'.repeat(51)),
      content: nearly(hostileText, '', '# DPA\n\u0000', 'x'.repeat(200_001)),
    });
    await check(bodiesOf(['version', 'content'], publications), (body) => send('POST', '/admin/dpa', body, staff), [201], 30);
  });

  // ---- sub-processors ---------------------------------------------------------------------

  it('POST /admin/subprocessors: never a 5xx, never a partial write', async () => {
    const at = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
    const announcements = fc.record({
      change: nearly(fc.constantFrom('added', 'removed'), 'Added'),
      name: nearly(fc.constantFrom('Mākoņi SIA', 'Nav tāda', ' Mākoņi SIA '), 'x'.repeat(201)),
      purpose: nearly(fc.constant('hosting'), '\u0000', ''),
      location: nearly(fc.constant('Latvia (EU)'), '', 'x'.repeat(201)),
      // Too soon is the 422 after the schema; far ahead, the register's 409s under its lock.
      effectiveAt: nearly(
        fc.oneof(
          fc.constantFrom(at(45), at(10), at(-1), '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59'),
          fc.date({ min: new Date(Date.now() - 400 * DAY_MS), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        '2030-02-30T00:00:00Z',
        '2030-01-01',
        '2030-01-01T00:00:00',
      ),
    });
    await check(bodiesOf(['change', 'name', 'purpose', 'location', 'effectiveAt'], announcements), (body) => send('POST', '/admin/subprocessors', body, staff), [201]);
  });

  // ---- staff ------------------------------------------------------------------------------

  it('GET /admin/orgs?registrationNumber=: hostile queries never 5xx and never write', async () => {
    const value = fc.oneof(fc.constantFrom(...REGISTRATION_NUMBERS, '4000 3521 600', '4000-3521-600-', '1'.repeat(41)), hostileText).map(encodeHostile);
    const query = fc.oneof(
      value.map((v) => `registrationNumber=${v}`),
      fc.tuple(value, value).map(([a, b]) => `registrationNumber=${a}&registrationNumber=${b}`),
      value.map((v) => `registrationNumber[]=${v}`),
      value.map((v) => `registrationNumber[a]=${v}`),
      fc.tuple(hostileText, hostileText).map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`),
      fc.constantFrom('', 'registrationNumber', 'registrationNumber=%FF%FE', 'registrationNumber=%', '__proto__[registrationNumber]=40003521600', 'constructor[prototype][x]=1'),
    );
    // A read: whatever it answers, nothing changes.
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const before = await organizationsSnapshot(stack);
        const answer = await stack.client.get(`/admin/orgs?${q}`, { session: staff });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.body).toMatchObject({ status: answer.status, title: expect.any(String), detail: expect.any(String) });
        expect(await organizationsSnapshot(stack)).toEqual(before);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('POST /admin/orgs/:id/verification: never a 5xx, never a partial write', async () => {
    const verifications = fc.record(
      {
        method: nearly(fc.constantFrom('register-extract', 'vat-register', 'document'), 'Document', 'register_extract'),
        evidenceSha256: nearly(fc.constantFrom('a'.repeat(64), 'A'.repeat(64)), 'a'.repeat(63), 'g'.repeat(64), `${'a'.repeat(64)}\u0000`),
      },
      { requiredKeys: [] },
    );
    await check(
      fc.tuple(segment(orgId), bodiesOf(['method', 'evidenceSha256'], verifications)),
      ([id, body]) => send('POST', `/admin/orgs/${id}/verification`, body, staff),
      [200],
    );
  });

  // ---- reads ------------------------------------------------------------------------------

  it('hostile path segments and queries on the reads give 4xx (or 200), never 5xx, and write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(segment(orgId), hostileText, async (id, value) => {
        const before = await organizationsSnapshot(stack);
        const q = encodeHostile(value);
        const answers = [
          await stack.client.get(`/orgs/${id}?${q}=${q}`, { session: owner.session }),
          await stack.client.get(`/orgs/${id}/members?${q}=${q}`, { session: owner.session }),
          await stack.client.get(`/orgs/${id}/invitations?${q}=${q}`, { session: owner.session }),
          await stack.client.get(`/orgs?${q}=${q}`, { session: outsider.session }),
          await stack.client.get(`/dpa?version=${q}`),
          await stack.client.get(`/subprocessors?at=${q}`),
        ];
        for (const answer of answers) expect(answer.status).toBeLessThan(500);
        expect(await organizationsSnapshot(stack)).toEqual(before);
      }),
      { numRuns: 30 },
    );
    // The organisation survived everything above, with its one owner.
    expect((await stack.client.get(`/orgs/${orgId}`, { session: owner.session })).status).toBe(200);
  });
});
