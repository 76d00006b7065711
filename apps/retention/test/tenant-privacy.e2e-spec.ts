import { randomBytes } from 'node:crypto';
import { dataSubjectRequestView, orgExportDocumentView, type DataSubjectRequestView, type ErasureCaseView, type OrgExportDocumentView } from '@sargs/contracts';
import { login, scanDatabasesFor, startPlatformStack, waitFor, type PlatformStack } from '@sargs/testing';
import { addContact, addMember, asSuperuser, createOrganization, signedIn, type SignedInPerson } from './tenant-e2e-kit';

const STAFF = { email: 'dpo.tenancy@example.test', password: 'nomnieki prom no lauka 4' };

/** A marker of its own per run, so scans and searches find only what this suite made. */
const tag = () => randomBytes(4).toString('hex');

// An organisation as the subject of retention's export, data-subject requests and erasure, through
// the gateway, with the real services that hold tenant data (organizations, contacts) answering.
// Each service logs in with a role of its own, so row-level security binds it as in production.
describe("an organisation's export, data-subject requests and deletion (R24, GDPR Art. 28)", () => {
  let stack: PlatformStack;
  let staff: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'organizations', 'contacts', 'retention'],
      ownRoles: ['organizations', 'contacts', 'retention'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000' },
        retention: { DATA_SUBJECT_REQUEST_SWEEP_INTERVAL_MS: '500', DATA_SUBJECT_REQUEST_RESULT_TTL_MS: '8000' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    staff = await login(stack.client, STAFF.email, STAFF.password);
  });
  afterAll(() => stack?.stop());

  /** An organisation with its owner, an admin and a plain member. */
  async function organisation(name: string): Promise<{ id: string; owner: SignedInPerson; admin: SignedInPerson; plain: SignedInPerson }> {
    const [owner, admin, plain] = await Promise.all([signedIn(stack, 'org-owner'), signedIn(stack, 'org-admin'), signedIn(stack, 'org-member')]);
    const id = await createOrganization(stack, owner.session, name);
    await addMember(stack, id, owner.session, admin, 'admin');
    await addMember(stack, id, owner.session, plain, 'member');
    return { id, owner, admin, plain };
  }

  it("exports the organisation, its members, contacts and DPA acceptance with the audit entries about it, to its owners and admins only; under another organisation's path it is 404", async () => {
    const run = tag();
    const a = await organisation(`SIA Eksports ${run}`);
    const b = await organisation(`SIA Cita ${run}`);
    const contactName = `Kārlis Eksportētais ${run}`;
    await addContact(stack, a.id, a.plain.session, { name: contactName, email: `karlis.${run}@example.test` });
    await addContact(stack, b.id, b.owner.session, { name: `Not in A ${run}` });
    const dpa = (await stack.client.get('/dpa')).body as { version: string };
    expect((await stack.client.post(`/orgs/${a.id}/dpa-acceptance`, { version: dpa.version }, { session: a.owner.session })).status).toBe(201);

    expect((await stack.client.post(`/orgs/${a.id}/exports`, undefined, { session: a.plain.session })).status).toBe(403);
    expect((await stack.client.post(`/orgs/${a.id}/exports`, undefined, { session: b.owner.session })).status).toBe(404);
    const created = await stack.client.post(`/orgs/${a.id}/exports`, undefined, { session: a.admin.session });
    expect(created.status).toBe(202);
    const { id } = created.body as { id: string };
    await waitFor(
      async () => (await stack.client.get(`/orgs/${a.id}/exports/${id}`, { session: a.owner.session })).body as { status: string },
      (s) => s.status !== 'pending',
      { timeoutMs: 60_000, intervalMs: 300, what: "the organisation's export" },
    );
    expect(((await stack.client.get(`/orgs/${a.id}/exports`, { session: a.owner.session })).body as { id: string; status: string }[])[0]).toMatchObject({ id, status: 'ready' });

    const download = await stack.client.get(`/orgs/${a.id}/exports/${id}/download`, { session: a.admin.session });
    expect(download.status).toBe(200);
    const document = orgExportDocumentView.parse(download.body) as OrgExportDocumentView;
    expect(document).toMatchObject({ exportId: id, orgId: a.id });
    expect(Object.keys(document.sections).sort()).toEqual(['contacts', 'organizations', 'retention']);
    const { organizations, contacts, retention } = document.sections;
    expect(organizations.organization).toEqual([expect.objectContaining({ id: a.id, name: `SIA Eksports ${run}` })]);
    expect(organizations.org_membership.map((m) => m.accountId).sort()).toEqual([a.owner.accountId, a.admin.accountId, a.plain.accountId].sort());
    expect(organizations.dpa_acceptance).toEqual([expect.objectContaining({ version: dpa.version })]);
    expect(contacts.contact).toEqual([expect.objectContaining({ name: contactName, email: `karlis.${run}@example.test` })]);
    // The audit trail's entries about the organisation: its members joining name it as their reference.
    expect(retention.audit_entry.length).toBeGreaterThanOrEqual(2);
    for (const entry of retention.audit_entry) expect([entry.subject, entry.reference]).toContain(a.id);
    // Nothing of organisation B, and no secret (invitation token hashes are withheld).
    expect(download.text).not.toContain(b.id);
    expect(download.text).not.toContain(`Not in A ${run}`);
    expect(download.text.toLowerCase()).not.toMatch(/token_?hash/u);

    // Bound to organisation A: B's owner sees it neither under B's path nor under A's.
    for (const path of [`/orgs/${b.id}/exports/${id}`, `/orgs/${b.id}/exports/${id}/download`, `/orgs/${a.id}/exports/${id}`, `/orgs/${a.id}/exports/${id}/download`]) {
      const answer = await stack.client.get(path, { session: b.owner.session });
      expect([path, answer.status]).toEqual([path, 404]);
    }
    expect((await stack.client.get(`/orgs/${b.id}/exports`, { session: b.owner.session })).body).toEqual([]);
    expect((await stack.client.get(`/orgs/${a.id}/exports/${id}/download`, { session: a.plain.session })).status).toBe(403);
  });

  it("answers a data subject within one organisation: access finds A's contact, erasure deletes it, and B's contact with the same address stays", async () => {
    const run = tag();
    const email = `ilze.${run}@example.test`;
    const a = await organisation(`SIA Pārzinis ${run}`);
    const b = await organisation(`SIA Otrs ${run}`);
    await addContact(stack, a.id, a.owner.session, { name: `Ilze A ${run}`, email: email.toUpperCase() });
    await addContact(stack, b.id, b.owner.session, { name: `Ilze B ${run}`, email });

    const ask = async (type: 'access' | 'erasure') => {
      const answer = await stack.client.post(`/orgs/${a.id}/data-subject-requests`, { email, type }, { session: a.admin.session });
      expect(answer.status).toBe(202);
      const { id } = answer.body as { id: string };
      return waitFor(
        async () => (await stack.client.get(`/orgs/${a.id}/data-subject-requests/${id}`, { session: a.owner.session })).body as DataSubjectRequestView,
        (r) => r.status === 'completed',
        { timeoutMs: 60_000, intervalMs: 300, what: `the ${type} request` },
      );
    };
    expect((await stack.client.post(`/orgs/${a.id}/data-subject-requests`, { email, type: 'access' }, { session: a.plain.session })).status).toBe(403);

    const access = dataSubjectRequestView.parse(await ask('access'));
    expect(access).toMatchObject({ type: 'access', email: null, services: [{ service: 'organizations' }, { service: 'contacts' }] });
    expect(access.result?.contacts).toEqual({ contact: [expect.objectContaining({ name: `Ilze A ${run}`, email })] });
    expect(JSON.stringify(access.result)).not.toContain(`Ilze B ${run}`);
    // B's owner does not see A's request.
    expect((await stack.client.get(`/orgs/${b.id}/data-subject-requests/${access.id}`, { session: b.owner.session })).status).toBe(404);

    const erasure = await ask('erasure');
    expect(erasure.result?.contacts).toEqual({ contact: 1 });
    expect((await stack.client.get(`/orgs/${a.id}/contacts?email=${encodeURIComponent(email)}`, { session: a.owner.session })).body).toEqual([]);
    expect((await stack.client.get(`/orgs/${b.id}/contacts?email=${encodeURIComponent(email)}`, { session: b.owner.session })).body).toEqual([expect.objectContaining({ name: `Ilze B ${run}` })]);
    // Both requests stay findable by the address, though retention keeps only its hash.
    const listed = (await stack.client.get(`/orgs/${a.id}/data-subject-requests?email=${encodeURIComponent(email)}`, { session: a.owner.session })).body as { id: string }[];
    expect(listed.map((r) => r.id).sort()).toEqual([access.id, erasure.id].sort());

    // The address is kept only while asked: retention's requests hold none; the access result's rows go after its TTL.
    await waitFor(
      () =>
        asSuperuser(stack, 'retention', async (pg) =>
          (await pg.query<{ n: string }>(`SELECT (SELECT count(*) FROM data_subject_request WHERE email IS NOT NULL) + (SELECT count(*) FROM data_subject_answer WHERE tables IS NOT NULL) AS n`)).rows[0].n,
        ),
      (n) => Number(n) === 0,
      { timeoutMs: 60_000, intervalMs: 500, what: 'the address and the rows found to be gone from retention' },
    );
    const left = await asSuperuser(stack, 'retention', async (pg) => (await pg.query(`SELECT 1 FROM data_subject_request r JOIN data_subject_answer a ON a.request_id = r.id WHERE r.email = $1 OR a.tables::text LIKE $2`, [email, `%${run}%`])).rowCount);
    expect(left).toBe(0);
  });

  it("deletes the organisation: members lose it at once, the tenant case completes with a certificate, and nothing of its data is left", async () => {
    const run = tag();
    const name = `SIA Dzēšamā ${run}`;
    const owner = await signedIn(stack, 'deleting-owner');
    const id = await createOrganization(stack, owner.session, name);
    const contact = { name: `Pēteris Dzēstais ${run}`, email: `peteris.${run}@example.test` };
    await addContact(stack, id, owner.session, contact);
    // An export first: its sections travel through each service's outbox, keyed by the organisation.
    const exported = (await stack.client.post(`/orgs/${id}/exports`, undefined, { session: owner.session })).body as { id: string };
    await waitFor(
      async () => (await stack.client.get(`/orgs/${id}/exports/${exported.id}`, { session: owner.session })).body as { status: string },
      (e) => e.status === 'ready',
      { timeoutMs: 60_000, intervalMs: 300, what: 'the export before deletion' },
    );

    expect((await stack.client.call('DELETE', `/orgs/${id}`, { session: owner.session, body: { password: 'not the password' } })).status).toBe(422);
    const deleted = await stack.client.call('DELETE', `/orgs/${id}`, { session: owner.session, body: { password: owner.password } });
    expect(deleted.status).toBe(202);
    const { caseId } = deleted.body as { caseId: string };
    expect((await stack.client.get(`/orgs/${id}/contacts`, { session: owner.session })).status).toBe(404);

    const done = await waitFor(
      async () => (await stack.client.get(`/admin/erasures/${caseId}`, { session: staff })).body as ErasureCaseView,
      (c) => c.status === 'completed',
      { timeoutMs: 90_000, intervalMs: 500, what: 'the tenant erasure case' },
    );
    expect(done).toMatchObject({ caseId, kind: 'tenant', requestedBy: 'self', missing: [], completedAt: expect.any(String) });
    expect(done.services.map((s) => s.service)).toEqual(['organizations', 'contacts']);
    const certificate = done.certificate as NonNullable<ErasureCaseView['certificate']>;
    expect(certificate.services.map((s) => s.service).sort()).toEqual(['contacts', 'organizations']);
    expect((await stack.client.post('/admin/erasures/certificate-verification', { certificate }, { session: staff })).body).toEqual({ valid: true, reason: null });
    expect(JSON.stringify(done)).not.toContain(id);
    const listed = (await stack.client.get('/admin/erasures?limit=200', { session: staff })).body as { caseId: string; kind: string }[];
    expect(listed.find((c) => c.caseId === caseId)).toMatchObject({ kind: 'tenant', status: 'completed' });

    // Its business data and its details are gone everywhere (ids stay in the erasure ledger and the audit trail).
    expect(await scanDatabasesFor(stack, [contact.name, contact.email, name])).toEqual([]);
  });
});
