import fc from 'fast-check';
import { encodeHostile, hostileBody, hostilePayload, hostileString, hostileValue, startPlatformStack, type ApiResponse, type PlatformStack } from '@sargs/testing';
import { consentSnapshot, login, newPerson, signUp, STAFF, waitForSignupRecord } from './consent-e2e-kit';

const NEAR_MISSES = ['2026-11-25', 'lv', 'One-Click', "x'; DROP TABLE consent_record;--"];
const hostileText = hostileString(NEAR_MISSES);
const hostileJson = hostileValue(NEAR_MISSES);
const bodyFor = (fields: string[]) => hostileBody(fields, NEAR_MISSES);

/** Form bodies: near-misses of `List-Unsubscribe=One-Click` and anything else. */
const formBody = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.constantFrom('List-Unsubscribe=One-Click&a[b]=c', 'List-Unsubscribe[]=One-Click', 'List-Unsubscribe=one-click', '%FF%FE=1', 'a'.repeat(3000)),
  fc.dictionary(fc.constantFrom('List-Unsubscribe', 'x', '__proto__', 'a[b]'), hostileText, { maxKeys: 3 }).map((d) => new URLSearchParams(d).toString()),
);

describe('consent endpoints under malformed and hostile input (property-based)', () => {
  let stack: PlatformStack;
  let session: string;
  let staff: string;
  let token: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password },
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
      },
    });
    const person = await signUp(stack, newPerson('hostile'), { marketingEmails: true });
    await waitForSignupRecord(stack, person.accountId);
    session = person.session;
    staff = await login(stack, STAFF.email, STAFF.password);
    token = stack.unsubscribeTokens.sign({ accountId: person.accountId, purpose: 'marketing-email' });
  });
  afterAll(() => stack?.stop());

  const expectRefusalLeavesNothing = async (answer: ApiResponse, before: Record<string, string>, problemJson = true) => {
    expect(answer.status).toBeLessThan(500);
    if (answer.status >= 400) {
      if (problemJson) {
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ status: answer.status, title: expect.any(String), detail: expect.any(String) });
      }
      expect(await consentSnapshot(stack)).toEqual(before);
    }
  };

  const sendJson = (method: string, path: string, body: unknown, sid: string) => {
    return stack.client.call(method, path, { body: hostilePayload(body), headers: { 'content-type': 'application/json' }, session: sid });
  };

  it('PUT /me/consents/:purpose: never a 5xx, never a partial write', async () => {
    await fc.assert(
      fc.asyncProperty(bodyFor(['granted']), fc.constantFrom('marketing-email', 'newsletter', 'x'), async (body, purpose) => {
        const before = await consentSnapshot(stack);
        await expectRefusalLeavesNothing(await sendJson('PUT', `/me/consents/${purpose}`, body, session), before);
      }),
      { numRuns: 60 },
    );
  });

  it('POST /admin/policies/privacy: never a 5xx, never a partial write', async () => {
    const translations = fc.oneof(
      hostileJson,
      fc.record({ lv: fc.oneof(hostileJson, fc.record({ content: hostileJson })), en: fc.oneof(hostileJson, fc.record({ content: hostileJson })) }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(bodyFor(['version', 'translations']), fc.record({ version: hostileJson, translations })), async (body) => {
        const before = await consentSnapshot(stack);
        const answer = await sendJson('POST', '/admin/policies/privacy', body, staff);
        // A hostile body that happens to be a valid publication is a publication (201).
        await expectRefusalLeavesNothing(answer, before);
      }),
      { numRuns: 60 },
    );
  });

  it('POST /unsubscribe: hostile tokens and bodies never 5xx and never write', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText, fc.constant(token).map((t) => `${t}x`), fc.constant(`${token.slice(0, -1)}A`)), formBody, async (t, body) => {
        const before = await consentSnapshot(stack);
        const answer = await stack.client.post(`/unsubscribe?token=${encodeHostile(t)}`, body, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        await expectRefusalLeavesNothing(answer, before);
      }),
      { numRuns: 60 },
    );
    // The genuine token with a hostile body: still refused, nothing written.
    await fc.assert(
      fc.asyncProperty(formBody.filter((b) => b !== 'List-Unsubscribe=One-Click'), async (body) => {
        const before = await consentSnapshot(stack);
        const answer = await stack.client.post(`/unsubscribe?token=${token}`, body, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect([body, answer.status]).toEqual([body, 422]);
        await expectRefusalLeavesNothing(answer, before);
      }),
      { numRuns: 40 },
    );
  });

  it('hostile queries and path segments on the reads give 4xx (or 200), never 5xx, and write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, fc.string({ minLength: 1, maxLength: 60 }), async (value, segment) => {
        const before = await consentSnapshot(stack);
        const q = encodeHostile(value);
        const answers = [
          await stack.client.get(`/policies/privacy?lang=${q}`),
          await stack.client.get(`/policies/privacy?${q}=${q}`),
          await stack.client.get(`/policies/privacy/versions/${encodeURIComponent(segment)}?lang=${q}`),
          await stack.client.get(`/unsubscribe?token=${q}`),
          await stack.client.get(`/me/consents?${q}=${q}`, { session }),
        ];
        for (const answer of answers) expect(answer.status).toBeLessThan(500);
        expect(await consentSnapshot(stack)).toEqual(before);
      }),
      { numRuns: 40 },
    );
    // The person's choice survived everything above.
    const mine = await stack.client.get('/me/consents', { session });
    expect((mine.body as { purposes: { granted: boolean }[] }).purposes[0]).toBeDefined();
  });
});
