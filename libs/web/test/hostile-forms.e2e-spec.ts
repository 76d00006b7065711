import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  encodeHostile,
  hostileBody,
  hostilePayload,
  hostileString,
  login,
  newPerson,
  signUp,
  startPlatformStack,
  tableDigests,
  withDatabase,
  type ApiResponse,
  type PlatformStack,
} from '@sargs/testing';
import { STAFF, WEB_STACK_ENV } from './web-e2e-kit';

/** The services whose tables a page writes while it answers (async consumers are not counted). */
type Service = 'identity' | 'profile' | 'consent' | 'notifications' | 'retention' | 'organizations' | 'contacts';

/**
 * One POST page: its path (`:param` segments get a hostile value each run; `{org}` is the
 * person's own organisation, so the tenant pages' forms are reached), the form's field names,
 * and what it needs. To cover a new page, add a row.
 */
interface FormPage {
  path: string;
  fields: readonly string[];
  /** Refused without a session (off to log in); the person's session is sent. */
  needsSession: boolean;
  /** Refused without a staff session (the 403 page); the staff member's session is sent. */
  needsStaff: boolean;
  /** Whose tables must be exactly as they were after a refusal (anything but a 303). */
  writes: readonly Service[];
  /** Works either way, tried signed in: the person's session is sent. */
  signedIn?: boolean;
  /** A successful post ends the session (logout): each run gets a session of its own. */
  endsSession?: boolean;
  /** Property runs (default RUNS): fewer where each post starts real work (a backup, an export). */
  runs?: number;
}

const session = { needsSession: true, needsStaff: false } as const;
const staff = { needsSession: true, needsStaff: true } as const;
const open = { needsSession: false, needsStaff: false } as const;

// Rows run in this order. A saved name or language reaches identity's copy by event, a moment
// after the page answered: rows that watch identity's tables come before the ones that save those.
const FORM_PAGES: FormPage[] = [
  // Public pages and mailed links.
  { path: '/signup', fields: ['name', 'email', 'password', 'acceptedPolicyVersion', 'marketingEmails', 'acceptPolicy'], ...open, writes: ['identity'] },
  { path: '/signup/check-email', fields: ['email'], ...open, writes: ['identity'] },
  { path: '/verify-email', fields: ['token'], ...open, writes: ['identity'] },
  { path: '/login', fields: ['email', 'password', 'next'], ...open, writes: ['identity'] },
  { path: '/logout', fields: [], ...open, writes: [], endsSession: true, runs: 8 },
  { path: '/reset-password', fields: ['email'], ...open, writes: ['identity'] },
  { path: '/reset-password/confirm', fields: ['token', 'newPassword'], ...open, writes: ['identity'] },
  { path: '/unsubscribe', fields: ['token'], ...open, writes: ['consent'] },
  // The person's own pages.
  { path: '/confirm-email-change', fields: ['token'], ...session, writes: ['identity'] },
  { path: '/account/email', fields: ['newEmail', 'password'], ...session, writes: ['identity'] },
  { path: '/account/security/password', fields: ['currentPassword', 'newPassword'], ...session, writes: ['identity'] },
  { path: '/account/sessions/:id/revoke', fields: [], ...session, writes: ['identity'] },
  { path: '/account/close', fields: ['password'], ...session, writes: ['identity'] },
  // Staff console: accounts (identity).
  { path: '/admin/accounts', fields: ['email'], ...staff, writes: ['identity'] },
  { path: '/admin/accounts/:id/roles', fields: ['roles'], ...staff, writes: ['identity'] },
  { path: '/admin/accounts/:id/closure', fields: ['confirm'], ...staff, writes: ['identity'] },
  // The language goes to profile (PUT /preferences/language), the name too; identity's copy follows by event.
  { path: '/language', fields: ['language', 'returnTo'], ...open, writes: ['profile'] },
  { path: '/language', fields: ['language', 'returnTo'], ...open, writes: ['profile'], signedIn: true },
  { path: '/account/name', fields: ['name'], ...session, writes: ['profile'] },
  { path: '/account/language', fields: ['language'], ...session, writes: ['profile'] },
  { path: '/account/consents', fields: ['granted'], ...session, writes: ['consent'] },
  { path: '/privacy-requests', fields: ['type', 'message'], ...session, writes: ['retention'] },
  // A button with no fields whose success starts work that goes on after the answer (an export's
  // sections, a backup's dump, 409 while it runs): the answer is checked, not the tables.
  { path: '/account/exports', fields: [], ...session, writes: [], runs: 4 },
  // Staff console: the rest.
  { path: '/admin/privacy-requests/:id', fields: ['response', 'status'], ...staff, writes: ['retention'] },
  { path: '/admin/incidents', fields: ['title', 'message.lv', 'message.en', 'audience', 'accountIds'], ...staff, writes: ['notifications'] },
  { path: '/admin/campaigns', fields: ['subject.lv', 'subject.en', 'body.lv', 'body.en'], ...staff, writes: ['notifications'] },
  { path: '/admin/legal-holds', fields: ['accountId', 'reason', 'until'], ...staff, writes: ['retention'] },
  { path: '/admin/legal-holds/:id/lift', fields: ['returnTo'], ...staff, writes: ['retention'] },
  { path: '/admin/erasures/:caseId/certificate-verification', fields: ['certificate'], ...staff, writes: ['retention'] },
  { path: '/admin/policies/preview', fields: ['version', 'contentLv', 'contentEn'], ...staff, writes: ['consent'] },
  { path: '/admin/policies/publish', fields: ['version', 'contentLv', 'contentEn', 'previewed'], ...staff, writes: ['consent'] },
  { path: '/admin/backups', fields: [], ...staff, writes: [], runs: 3 },
  // Organisations (the person owns `{org}`): pages below it reach the API as its owner.
  { path: '/orgs', fields: ['name', 'registrationNumber', 'vatNumber', 'address'], ...session, writes: ['organizations'] },
  { path: '/orgs/{org}/details', fields: ['name', 'registrationNumber', 'vatNumber', 'address'], ...session, writes: ['organizations'] },
  { path: '/orgs/{org}/dpa-acceptance', fields: ['version'], ...session, writes: ['organizations'] },
  { path: '/orgs/{org}/invitations', fields: ['email', 'role'], ...session, writes: ['organizations'] },
  { path: '/orgs/{org}/invitations/:invitationId/revoke', fields: [], ...session, writes: ['organizations'] },
  { path: '/orgs/{org}/members/:accountId/role', fields: ['role'], ...session, writes: ['organizations'] },
  { path: '/orgs/{org}/members/:accountId/remove', fields: [], ...session, writes: ['organizations'] },
  { path: '/org-invitation', fields: ['token'], ...open, signedIn: true, writes: ['organizations'] },
  { path: '/orgs/{org}/contacts', fields: ['kind', 'name', 'email', 'phone', 'note'], ...session, writes: ['contacts'] },
  { path: '/orgs/{org}/contacts/search', fields: ['email'], ...session, writes: ['contacts'] },
  { path: '/orgs/{org}/contacts/:contactId/save', fields: ['kind', 'name', 'email', 'phone', 'note'], ...session, writes: ['contacts'] },
  { path: '/orgs/{org}/contacts/:contactId/delete', fields: [], ...session, writes: ['contacts'] },
  { path: '/orgs/{org}/requests', fields: ['email', 'type'], ...session, writes: ['retention'] },
  { path: '/orgs/{org}/exports', fields: [], ...session, writes: [], runs: 4 },
  { path: '/admin/orgs/:id/verification', fields: ['method', 'evidenceSha256', 'registrationNumber'], ...staff, writes: ['organizations'] },
  // Last: a refusal writes nothing, and no hostile value is the owner's password.
  { path: '/orgs/{org}/delete', fields: ['password'], ...session, writes: ['organizations'] },
];

const RUNS = 15;
/** Express's urlencoded and json parsers refuse bodies over 100 kB (the pages' body limit). */
const OVER_BODY_LIMIT = 150_000;

/**
 * What each service's digest covers. `whole`: every row and column (`t::text` orders any table),
 * plus the outbox count. `rows`: only which rows exist, for tables the service keeps updating after
 * the answer (a session's last_seen_at once a minute, a broadcast's fan-out); notifications'
 * outbox is left out, as delivered mails add to it after the answer too.
 */
const WATCHED: Record<Service, { whole?: Record<string, string>; rows?: Record<string, string> }> = {
  identity: { whole: { account: 't::text', account_token: 't::text' }, rows: { session: "concat_ws('|', id, account_id, encode(token_hash, 'hex'), expires_at, revoked_at)" } },
  profile: { whole: { profile: 't::text' } },
  consent: { whole: { policy_version: 't::text', policy_text: 't::text', consent_record: 't::text', policy_acceptance: 't::text' } },
  notifications: { rows: { broadcast: 'id::text' } },
  // A data-subject request's row is completed after the answer, by the services' replies: only which exist.
  retention: { whole: { legal_hold: 't::text', erasure_case: 't::text', backup: 't::text', privacy_request: 't::text' }, rows: { data_subject_request: 'id::text' } },
  organizations: { whole: { organization: 't::text', org_membership: 't::text', org_invitation: 't::text', dpa_acceptance: 't::text' } },
  contacts: { whole: { contact: 't::text' } },
};

/** Values a form is nearly right with: languages, choices (consent, audience, request type and state, role, contact kind, verification method), a name, paths, an id, a date. */
const NEAR_MISSES = [
  ...['lv', 'en', 'true', 'false', 'on', 'all', 'listed', 'question', 'answered', 'rejected', 'admin', 'dpo', 'member', 'owner', 'access', 'erasure', 'customer', 'register-extract'],
  ...['Anna Bērziņa', '/account', '//evil.example/', 'https://evil.example/', '00000000-0000-4000-8000-000000000000', '2999-01-01'],
];

interface HostileForm {
  /** What was sent, for a failure message. */
  what: string;
  contentType?: string;
  contentEncoding?: string;
  body: string | Buffer;
}

const urlencoded = 'application/x-www-form-urlencoded';
const form = (pairs: Array<[string, string]>): string => new URLSearchParams(pairs).toString();

/** Field names as express's `extended` (qs) parser reads them: arrays, nesting, prototype keys. */
function nestedNames(field: string): string[] {
  return [`${field}[]`, `${field}[x]`, `${field}[0][a]`, `${field}[__proto__][polluted]`, `__proto__[${field}]`, `constructor[prototype][${field}]`, `${field}[a][b][c][d][e][f][g]`, `${field}%5Bx%5D`];
}

/** Percent-encoding no decoder accepts, or that decodes to something no field should hold. */
const BAD_ENCODINGS = ['%', '%E0%A4%A', '%ZZ', 'a%2', '%ED%A0%80', '%C0%AF', '%FF%FE', '%00', '%F4%90%80%80', '+%2B+%26%3D'];

function multipart(pairs: Array<[string, string]>): string {
  return `${pairs.map(([name, value]) => `--sargs\r\ncontent-disposition: form-data; name="${name.replace(/"/gu, '%22')}"\r\n\r\n${value}\r\n`).join('')}--sargs--\r\n`;
}

function hostileForms(fields: readonly string[]): fc.Arbitrary<HostileForm> {
  const names = fields.length > 0 ? fields : ['extra'];
  const value = hostileString(NEAR_MISSES);
  const pairs = fc.array(fc.tuple(fc.constantFrom(...names, 'extra', '__proto__', 'constructor'), value), { maxLength: 8 });
  return fc.oneof(
    // The right fields with hostile values, some left out.
    fc.record(Object.fromEntries(names.map((f) => [f, value])), { requiredKeys: [] }).map((values) => ({ what: 'fields', contentType: urlencoded, body: form(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined)) })),
    // Any names, repeated names among them.
    pairs.map((p) => ({ what: 'pairs', contentType: urlencoded, body: form(p) })),
    fc.tuple(fc.constantFrom(...names), fc.array(value, { minLength: 2, maxLength: 4 })).map(([name, values]) => ({
      what: 'repeated',
      contentType: urlencoded,
      body: form(values.map((v) => [name, v])),
    })),
    // `a[b]=` nesting and prototype keys, raw (qs reads the brackets).
    fc.tuple(fc.constantFrom(...names.flatMap(nestedNames)), value).map(([name, v]) => ({ what: 'nested', contentType: urlencoded, body: `${name}=${encodeHostile(v)}` })),
    // Broken percent-encoding in a name or a value.
    fc.tuple(fc.constantFrom(...names), fc.constantFrom(...BAD_ENCODINGS), fc.boolean()).map(([name, bad, inName]) => ({
      what: 'bad encoding',
      contentType: urlencoded,
      body: inName ? `${bad}=1&${name}=${bad}` : `${name}=${bad}`,
    })),
    // Any text at all as the body.
    fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => ({ what: 'raw', contentType: urlencoded, body: raw })),
    // Other content types: JSON (parsed too, and read as the form), multipart, text, none, a charset the parser refuses.
    hostileBody(names, NEAR_MISSES).map((b) => ({ what: 'json', contentType: 'application/json', body: hostilePayload(b) })),
    fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 4 }).map((p) => ({ what: 'multipart', contentType: 'multipart/form-data; boundary=sargs', body: multipart(p) })),
    fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded; charset=latin1', 'application/json; charset=utf-16', undefined), fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 3 })).map(
      ([contentType, p]) => ({ what: `as ${contentType ?? 'no content type'}`, contentType, body: form(p) }),
    ),
    // A compressed body, genuine or not.
    fc.tuple(fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 3 }), fc.boolean()).map(([p, genuine]) => ({
      what: `gzip ${genuine ? 'genuine' : 'false'}`,
      contentType: urlencoded,
      contentEncoding: 'gzip',
      body: genuine ? gzipSync(form(p)) : form(p),
    })),
  );
}

/** Bodies over the limit, and one with more fields than the parser counts. */
function oversizedForms(fields: readonly string[]): HostileForm[] {
  const name = fields[0] ?? 'extra';
  return [
    { what: `${OVER_BODY_LIMIT} bytes in one field`, contentType: urlencoded, body: `${name}=${'a'.repeat(OVER_BODY_LIMIT)}` },
    { what: `${OVER_BODY_LIMIT} bytes of JSON`, contentType: 'application/json', body: JSON.stringify({ [name]: 'a'.repeat(OVER_BODY_LIMIT) }) },
    { what: '2 MB of multipart', contentType: 'multipart/form-data; boundary=sargs', body: multipart([[name, 'a'.repeat(2_000_000)]]) },
    { what: '90 kB in one field (under the page limit, over the API limit)', contentType: urlencoded, body: form([[name, 'ā'.repeat(45_000)]]) },
    { what: '2,000 fields', contentType: urlencoded, body: Array.from({ length: 2000 }, (_, i) => `${name}${i}=x`).join('&') },
    { what: 'a field nested 50 deep', contentType: urlencoded, body: `${name}${'[a]'.repeat(50)}=x` },
  ];
}

describe('web forms under hostile bodies: a page or a redirect, never a 5xx, never a half-written change', () => {
  let stack: PlatformStack;
  let personSession: string;
  let staffSession: string;
  let person: ReturnType<typeof newPerson>;
  /** The person's own organisation: `{org}` in a row's path. */
  let orgId: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent', 'notifications', 'retention', 'organizations', 'contacts'],
      // A well-formed wrong password is a counted failure, and the one that locks the account
      // writes the owner's warning and an audit entry: deliberate writes on a refusal, tested in
      // identity's own lockout tests. Here the limits are out of reach, so a refusal writes nothing.
      env: {
        ...WEB_STACK_ENV,
        identity: { ...WEB_STACK_ENV.identity, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '100000', LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: '100000', MAILS_PER_ADDRESS_PER_HOUR: '100000' },
      },
    });
    person = newPerson('hostile-forms');
    personSession = (await signUp(stack, person)).session;
    staffSession = await login(stack.client, STAFF.email, STAFF.password);
    const org = await stack.client.post('/orgs', { name: 'SIA Naidīgās formas', registrationNumber: '40003521600' }, { session: personSession });
    if (org.status !== 201) throw new Error(`POST /orgs answered ${org.status}: ${org.text}`);
    orgId = (org.body as { id: string }).id;
  }, 300_000);
  afterAll(() => stack?.stop());

  const databaseUrl = (service: Service): string => {
    const db = stack.databases[service];
    if (!db) throw new Error(`${service} database missing`);
    return db.url;
  };

  /** md5 over the key of each row of each table: which rows exist (and, for sessions, which are revoked). */
  const rowDigests = (service: Service, rows: Record<string, string>) =>
    withDatabase(databaseUrl(service), async (pg) => {
      const parts = Object.entries(rows).map(([table, key]) => `(SELECT md5(coalesce(string_agg(${key}, ',' ORDER BY ${key}), '')) FROM ${table}) AS ${table}`);
      return (await pg.query(`SELECT ${parts.join(', ')}`)).rows[0] as Record<string, string>;
    });

  async function snapshot(services: readonly Service[]): Promise<Record<string, unknown>> {
    const parts = await Promise.all(
      services.map(async (service) => {
        const { whole, rows } = WATCHED[service];
        return [service, { ...(whole ? await tableDigests(databaseUrl(service), whole) : {}), ...(rows ? await rowDigests(service, rows) : {}) }] as const;
      }),
    );
    return Object.fromEntries(parts);
  }

  /**
   * Waits until the tables hold still for a while: what an earlier row's success set off in other
   * services (identity's copy of a saved name, profile's copy of a language) lands first. Within
   * a row, a page's own writes are done when it answers, and each row watches only those.
   */
  async function settle(services: readonly Service[]): Promise<void> {
    if (services.length === 0) return;
    let last = JSON.stringify(await snapshot(services));
    let still = 0;
    for (let i = 0; i < 60 && still < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const next = JSON.stringify(await snapshot(services));
      still = next === last ? still + 1 : 0;
      last = next;
    }
    if (still < 2) throw new Error(`tables of ${services.join(', ')} kept changing`);
  }

  const concretePath = (path: string, segment: string): string => path.replace('{org}', orgId).replace(/:[A-Za-z]+/gu, segment);

  function post(path: string, sent: HostileForm, session: string | undefined): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (sent.contentType !== undefined) headers['content-type'] = sent.contentType;
    if (sent.contentEncoding !== undefined) headers['content-encoding'] = sent.contentEncoding;
    return stack.roots[0].call('POST', path, { body: sent.body, headers, session, origin: stack.publicOrigin });
  }

  /** A page in the layout, or a 303 to a path on this origin; never a 5xx or a bare error. */
  function expectPageOrRedirect(answer: ApiResponse, context: string): void {
    const summary = { context, status: answer.status, location: answer.headers.location, contentType: answer.headers['content-type'], body: answer.text.slice(0, 300) };
    expect({ ...summary, serverError: answer.status >= 500 }).toEqual({ ...summary, serverError: false });
    if (answer.status === 303) {
      expect({ ...summary, localRedirect: /^\/(?![/\\])/u.test(String(answer.headers.location)) }).toEqual({ ...summary, localRedirect: true });
      return;
    }
    const isPage = /^text\/html; charset=utf-8/u.test(String(answer.headers['content-type'])) && answer.text.startsWith('<!DOCTYPE html><html lang="') && answer.text.trimEnd().endsWith('</html>');
    expect({ ...summary, isPage }).toEqual({ ...summary, isPage: true });
  }

  async function sessionFor(row: FormPage): Promise<string | undefined> {
    if (row.endsSession) return login(stack.client, row.needsStaff ? STAFF.email : person.email, row.needsStaff ? STAFF.password : person.password);
    if (row.needsStaff) return staffSession;
    return row.needsSession || row.signedIn ? personSession : undefined;
  }

  /** Posts one body; after a refusal, the row's tables are exactly as they were. */
  async function attempt(row: FormPage, sent: HostileForm, segment: string): Promise<void> {
    const path = concretePath(row.path, segment);
    const before = await snapshot(row.writes);
    const answer = await post(path, sent, await sessionFor(row));
    const context = `POST ${path} (${sent.what}): ${typeof sent.body === 'string' ? sent.body.slice(0, 200) : `${sent.body.length} bytes`}`;
    expectPageOrRedirect(answer, context);
    // A 303 may be a success (a name saved): only a refusal must have written nothing.
    if (answer.status !== 303) expect({ context, tables: await snapshot(row.writes) }).toEqual({ context, tables: before });
  }

  /** A path parameter: an id, any text, or percent-encoding the router cannot decode. */
  const segment = fc.oneof(fc.uuid().map(String), hostileString().map(encodeHostile), fc.constantFrom(...BAD_ENCODINGS));

  describe.each(FORM_PAGES.map((row) => ({ ...row, name: `${row.path}${row.needsStaff ? ' (staff)' : row.needsSession || row.signedIn ? ' (signed in)' : ''}` })))('POST $name', (row) => {
    beforeAll(() => settle(row.writes));

    it('answers any hostile body with a page or a redirect, and a refusal writes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(hostileForms(row.fields), segment, async (sent, seg) => attempt(row, sent, seg)),
        { numRuns: row.runs ?? RUNS },
      );
    });

    it('answers bodies over the limit, 2,000 fields and deep nesting the same way', async () => {
      for (const sent of oversizedForms(row.fields)) await attempt(row, sent, '00000000-0000-4000-8000-000000000000');
    });

    if (row.needsSession) {
      it(`without ${row.needsStaff ? 'a staff' : 'a'} session: ${row.needsStaff ? 'the 403 page' : 'off to log in'}, nothing written`, async () => {
        await fc.assert(
          fc.asyncProperty(hostileForms(row.fields), async (sent) => {
            const path = concretePath(row.path, '00000000-0000-4000-8000-000000000000');
            const before = await snapshot(row.writes);
            const answer = await post(path, sent, row.needsStaff ? personSession : undefined);
            expectPageOrRedirect(answer, `POST ${path} (${sent.what})`);
            if (answer.status === 303) expect(answer.headers.location).toMatch(/^\/login/u);
            else expect(answer.status).toBeGreaterThanOrEqual(400);
            expect(await snapshot(row.writes)).toEqual(before);
          }),
          { numRuns: 3 },
        );
      });
    }
  });

  it('says what went wrong: 413 for a form over the limit, 400 for one that cannot be read', async () => {
    const cases: Array<[HostileForm, number]> = [
      [{ what: 'over the limit', contentType: urlencoded, body: `name=${'a'.repeat(OVER_BODY_LIMIT)}` }, 413],
      [{ what: 'claims gzip, is not', contentType: urlencoded, contentEncoding: 'gzip', body: 'name=Anna' }, 400],
      [{ what: 'JSON that does not parse', contentType: 'application/json', body: '{"name":' }, 400],
      [{ what: 'a charset the parser does not read', contentType: `${urlencoded}; charset=latin1`, body: 'name=Anna' }, 400],
    ];
    for (const [sent, status] of cases) {
      const answer = await post('/account/name', sent, personSession);
      expectPageOrRedirect(answer, sent.what);
      expect({ what: sent.what, status: answer.status }).toEqual({ what: sent.what, status });
    }
    const brokenPath = await post('/admin/legal-holds/%E0%A4%A/lift', { what: 'broken path', contentType: urlencoded, body: '' }, staffSession);
    expectPageOrRedirect(brokenPath, 'a path with broken percent-encoding');
    expect(brokenPath.status).toBe(400);
  });

  it('leaves the person and the staff member signed in with what they had', async () => {
    const me = await stack.client.get('/me', { session: personSession });
    expect(me.status).toBe(200);
    expect((me.body as { email: string }).email).toBe(person.email);
    expect((await stack.client.get('/me', { session: staffSession })).status).toBe(200);
  });
});
