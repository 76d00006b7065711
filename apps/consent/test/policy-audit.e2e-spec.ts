import { auditOutbox, startPlatformStack, type PlatformStack } from '@sargs/testing';
import { consentDbUrl, consentSnapshot, login, newPerson, SEED_VERSION, signUp } from './consent-e2e-kit';

const ADMIN = { email: 'admin.policy-audit@example.test', password: 'vējš pūš pār kāpām 4' };


const body = (version: string) => ({
  version,
  translations: { lv: { content: `# Privātuma politika ${version}\n\nTeksts.` }, en: { content: `# Privacy policy ${version}\n\nText.` } },
});

describe('policy publishing in the audit trail (R27)', () => {
  let stack: PlatformStack;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: ADMIN.email, SARGS_ADMIN_PASSWORD: ADMIN.password },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    admin = await login(stack, ADMIN.email, ADMIN.password);
    adminId = ((await stack.client.get('/me', { session: admin })).body as { id: string }).id;
  });
  afterAll(() => stack?.stop());

  /** consent's audit entries, as its outbox holds them, in the order written. */
  const auditRows = () => auditOutbox(consentDbUrl(stack));

  it('records nothing for the seed policy consent publishes at boot: no staff member acted', async () => {
    expect((await stack.client.get('/policies/privacy/versions')).body).toEqual([expect.objectContaining({ version: SEED_VERSION })]);
    expect(await auditRows()).toEqual([]);
  });

  it('records policy.published with the staff id and the version, in the transaction of the publication', async () => {
    const versions = ['2027-03-01', 'v2.0_final-draft'];
    for (const version of versions) expect((await stack.client.post('/admin/policies/privacy', body(version), { session: admin })).status).toBe(201);

    const rows = await auditRows();
    expect(rows.map(({ action, actorId, subject, reference, service }) => ({ action, actorId, subject, reference, service }))).toEqual(
      versions.map((version) => ({ action: 'policy.published', actorId: adminId, subject: version, reference: null, service: 'consent' })),
    );
    // Ids and the version only: no address, name or policy text.
    const text = JSON.stringify(rows).toLowerCase();
    for (const words of [ADMIN.email, 'privātuma', 'privacy policy', 'teksts']) expect(text).not.toContain(words.toLowerCase());
  });

  it('records nothing for a refused publication: an existing version, a bad body, a person without a staff role', async () => {
    const user = await signUp(stack, newPerson('policy-audit-user'));
    const entries = (await auditRows()).length;
    const before = await consentSnapshot(stack);
    expect((await stack.client.post('/admin/policies/privacy', body('2027-03-01'), { session: admin })).status).toBe(409);
    expect((await stack.client.post('/admin/policies/privacy', body('bad version'), { session: admin })).status).toBe(422);
    expect((await stack.client.post('/admin/policies/privacy', body('2027-04-01'), { session: user.session })).status).toBe(403);
    expect(await consentSnapshot(stack)).toEqual(before);
    expect(await auditRows()).toHaveLength(entries);
  });
});
