import fc from 'fast-check';
import { encodeHostile, hostileBody, hostilePayload, hostileValue, startPlatformStack, tableDigests, type ApiResponse, type PlatformStack } from '@sargs/testing';
import { login, notificationsDbUrl, STAFF } from './notifications-e2e-kit';

const NEAR_MISSES = ['all', '00000000-0000-4000-8000-000000000000', 'Subject\r\nBcc: victim@example.test', "x'; DROP TABLE outgoing_mail;--"];
const hostileJson = hostileValue(NEAR_MISSES);
const bodyFor = (fields: string[]) => hostileBody(fields, NEAR_MISSES);
const inBoth = fc.oneof(hostileJson, fc.record({ lv: hostileJson, en: hostileJson }, { requiredKeys: [] }));

describe('notifications endpoints under malformed and hostile input (property-based)', () => {
  let stack: PlatformStack;
  let staff: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'notifications'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password },
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
      },
    });
    staff = await login(stack, STAFF.email, STAFF.password);
  });
  afterAll(() => stack?.stop());

  const snapshot = () => tableDigests(notificationsDbUrl(stack), { broadcast: 't.id', outgoing_mail: 't.id', recipient: 't.account_id' });

  const expectRefusalLeavesNothing = async (answer: ApiResponse, before: Record<string, string>) => {
    expect(answer.status).toBeLessThan(500);
    if (answer.status >= 400) {
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: answer.status, title: expect.any(String), detail: expect.any(String) });
      expect(await snapshot()).toEqual(before);
    }
  };

  const send = (path: string, body: unknown) =>
    stack.client.call('POST', path, { body: hostilePayload(body), headers: { 'content-type': 'application/json' }, session: staff });

  it('POST /admin/incidents: never a 5xx, never a partial write', async () => {
    const audience = fc.oneof(hostileJson, fc.record({ accountIds: fc.oneof(hostileJson, fc.array(hostileJson, { maxLength: 4 })) }, { requiredKeys: [] }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(bodyFor(['title', 'message', 'audience']), fc.record({ title: hostileJson, message: inBoth, audience })), async (body) => {
        const before = await snapshot();
        // A hostile body that happens to be a valid incident is an incident (202).
        await expectRefusalLeavesNothing(await send('/admin/incidents', body), before);
      }),
      { numRuns: 60 },
    );
  });

  it('POST /admin/campaigns: never a 5xx, never a partial write', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(bodyFor(['subject', 'body']), fc.record({ subject: inBoth, body: inBoth })), async (body) => {
        const before = await snapshot();
        await expectRefusalLeavesNothing(await send('/admin/campaigns', body), before);
      }),
      { numRuns: 60 },
    );
  });

  it('GET /admin/incidents/:id and /admin/campaigns/:id: hostile ids are 404 (or 4xx), never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), fc.constantFrom('incidents', 'campaigns'), async (id, kind) => {
        const answer = await stack.client.get(`/admin/${kind}/${encodeHostile(id)}`, { session: staff });
        expect(answer.status).toBeLessThan(500);
        expect(answer.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 60 },
    );
  });
});
