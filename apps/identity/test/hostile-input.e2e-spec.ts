import fc from 'fast-check';
import type { ApiResponse } from '@sargs/testing';
import { hostileBody, hostilePayload, startPlatformStack, tableDigests, type PlatformStack } from '@sargs/testing';
import { login, newPerson, registerVerified } from './identity-e2e-kit';

const bodyFor = (fields: string[]) => hostileBody(fields, ['e2e-baseline']);

describe('identity endpoints under malformed and hostile bodies (property-based)', () => {
  let stack: PlatformStack;
  let session: string;
  let accountId: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      env: {
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
        // The failure that locks an account writes a warning and an audit entry on a refusal
        // (tested with the lockout): out of reach here, so a refusal writes nothing.
        identity: { LOGIN_FREE_ATTEMPTS_PER_CLIENT: '100000', LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: '100000', MAILS_PER_ADDRESS_PER_HOUR: '100000' },
      },
    });
    const person = newPerson('hostile');
    accountId = await registerVerified(stack, person);
    session = await login(stack.client, person.email, person.password);
  });
  afterAll(() => stack?.stop());

  const snapshot = () => {
    const db = stack.databases.identity;
    if (!db) throw new Error('identity database missing');
    // A session's last_seen_at moves once a minute with any request that carries it, refused or
    // not: the rest of the row must not.
    const session = { order: 't.id', row: "concat_ws('|', t.id, t.account_id, encode(t.token_hash, 'hex'), t.expires_at, t.revoked_at)" };
    return tableDigests(db.url, { account: 't.id', session, account_token: 't.id' });
  };

  const send = (method: string, path: string, body: unknown, withSession: boolean): Promise<ApiResponse> => {
    return stack.client.call(method, path, {
      body: hostilePayload(body),
      headers: { 'content-type': 'application/json' },
      session: withSession ? session : undefined,
    });
  };

  const endpoints: { method: string; path: string; fields: string[]; session?: boolean }[] = [
    { method: 'POST', path: '/accounts', fields: ['name', 'email', 'password', 'language', 'acceptedPolicyVersion', 'marketingEmails'] },
    { method: 'POST', path: '/accounts/verification', fields: ['token'] },
    { method: 'POST', path: '/accounts/verification/resend', fields: ['email'] },
    { method: 'POST', path: '/sessions', fields: ['email', 'password'] },
    { method: 'POST', path: '/password-resets', fields: ['email'] },
    { method: 'POST', path: '/password-resets/confirm', fields: ['token', 'newPassword'] },
    { method: 'PUT', path: '/me/password', fields: ['currentPassword', 'newPassword'], session: true },
    { method: 'POST', path: '/me/closure', fields: ['password'], session: true },
    { method: 'POST', path: '/me/email-change', fields: ['newEmail', 'password'], session: true },
    { method: 'POST', path: '/me/email-change/confirm', fields: ['token'], session: true },
  ];

  it.each(endpoints)('$method $path: never a 5xx, never a partial write', async ({ method, path, fields, session: withSession }) => {
    await fc.assert(
      fc.asyncProperty(bodyFor(fields), async (body) => {
        const before = await snapshot();
        const answer = await send(method, path, body, withSession ?? false);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(answer.body).toMatchObject({ status: answer.status, title: expect.any(String), detail: expect.any(String) });
          // Sessionless flows whose effect is "nothing for an unknown address" may answer 202;
          // a refusal (4xx) must leave every table exactly as it was.
          expect(await snapshot()).toEqual(before);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('hostile path parameters on session and staff routes give 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), async (id) => {
        const segment = encodeURIComponent(id);
        for (const answer of [
          await stack.client.delete(`/sessions/${segment}`, { session }),
          await stack.client.post(`/admin/accounts/${segment}/closure`, undefined, { session }),
        ]) {
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
        }
      }),
      { numRuns: 40 },
    );
    // The session used throughout is still alive: nothing above revoked or closed anything.
    expect(((await stack.client.get('/me', { session })).body as { id: string }).id).toBe(accountId);
  });
});
