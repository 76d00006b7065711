import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  AuditEventRecorded,
  ErasureCompleted,
  ExportSectionReady,
  OrganizationDeletionRequested,
  TenantSubjectAnswered,
  type DataSubjectRequestView,
  type ErasureCaseView,
  type EventEnvelope,
  type OrgExportDocumentView,
  type OrgRole,
} from '@sargs/contracts';
import {
  createOwnerRole,
  createTestDatabase,
  startDedicatedBroker,
  startServiceApp,
  startTestService,
  waitFor,
  withDatabase,
  type DedicatedBroker,
  type ServiceApp,
  type TestDatabase,
  type TestOwnerRole,
  type TestService,
} from '@sargs/testing';
import { retentionService } from '../src/retention.definition';

// An organisation's deletion, export and data-subject requests in retention, in process (the
// medium tier): retention logs in with a role of its own that owns its database, as in
// production; a probe on a broker of its own plays organizations and the services that hold
// tenant data (their answers on their own topics). The whole path through the gateway with the
// real services is apps/retention/test/tenant-privacy.e2e-spec.ts.
describe('retention: an organisation as the subject of erasure, export and data-subject requests', () => {
  let broker: DedicatedBroker;
  let retentionDb: TestDatabase;
  let owner: TestOwnerRole;
  let probeDb: TestDatabase;
  let retention: ServiceApp;
  let probe: TestService;
  const dpo = { sub: randomUUID(), roles: ['dpo' as const], sid: randomUUID() };

  beforeAll(async () => {
    broker = await startDedicatedBroker();
    [retentionDb, probeDb] = await Promise.all([createTestDatabase('tenant_retention'), createTestDatabase('tenant_probe')]);
    owner = await createOwnerRole(retentionDb, 'tenant_retention');
    retention = await startServiceApp(retentionService, {
      databaseUrl: owner.url,
      brokers: broker.brokers,
      env: {
        // identity and retention hold no tenant data: organizations and contacts answer for an organisation.
        PRIVACY_PARTICIPANTS: 'identity,retention,organizations,contacts',
        ERASURE_SWEEP_INTERVAL_MS: '300',
        ERASURE_DEADLINE_MS: '6000',
        ERASURE_MAX_ATTEMPTS: '2',
        DATA_SUBJECT_REQUEST_SWEEP_INTERVAL_MS: '300',
        DATA_SUBJECT_REQUEST_RESULT_TTL_MS: '6000',
      },
    });
    probe = await startTestService({ name: `tenant-probe-${randomUUID().slice(0, 8)}`, databaseUrl: probeDb.url, kafka: broker.access });
  });
  afterAll(async () => {
    await retention?.close();
    await probe?.close();
    await broker?.destroy();
    await Promise.all([retentionDb?.drop(), probeDb?.drop()]);
    await owner?.drop();
  });

  const publish = (work: (manager: EntityManager) => Promise<unknown>) => probe.dataSource.transaction(work);
  const caller = (orgId: string, role: OrgRole) => retention.as({ sub: randomUUID(), roles: ['user'], sid: randomUUID(), org: { id: orgId, role } });
  const caseView = async (caseId: string): Promise<ErasureCaseView | undefined> => {
    const res = await retention.http().get(`/admin/erasures/${caseId}`).set(retention.as(dpo));
    return res.status === 200 ? (res.body as ErasureCaseView) : undefined;
  };
  /** retention's own outbox, as the superuser reads it. */
  const outbox = (type: string, key: string) =>
    withDatabase(retentionDb.url, async (pg) => (await pg.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM outbox_message WHERE envelope->>'type' = $1 AND message_key = $2 ORDER BY id`, [type, key])).rows.map((r) => r.envelope));
  const deleteOrganisation = (orgId: string, caseId = randomUUID()) =>
    publish((m) => probe.publisher.publish(m, OrganizationDeletionRequested, orgId, { orgId, caseId, requestedBy: randomUUID(), requestedAt: new Date().toISOString() })).then(() => caseId);
  const erased = (service: 'organizations' | 'contacts' | 'identity', caseId: string, orgId: string) =>
    publish((m) =>
      probe.publisher.publish(m, ErasureCompleted[service], orgId, { caseId, subjectId: orgId, service, erasedAt: new Date().toISOString(), counts: { rows: 2 } } as never),
    );

  describe('tenant erasure', () => {
    it('opens a tenant case for the deleted organisation, asks the tenant services, and completes with a signed certificate', async () => {
      const orgId = randomUUID();
      const caseId = await deleteOrganisation(orgId);
      const opened = await waitFor(() => caseView(caseId), (c) => c !== undefined, { timeoutMs: 30_000, what: 'the tenant case' });
      expect(opened).toMatchObject({ caseId, kind: 'tenant', status: 'pending', requestedBy: 'self', requestedByStaffId: null, missing: ['organizations', 'contacts'] });
      const asked = await outbox('TenantErasureRequested', orgId);
      expect(asked.map((e) => e.payload)).toEqual([{ caseId, orgId, requestedAt: expect.any(String) }]);
      // The erasure ledger carries ids only: no ErasureRequested for a person was asked.
      expect(await outbox('ErasureRequested', orgId)).toEqual([]);

      // A service that holds no tenant data takes no part in the case.
      await erased('identity', caseId, orgId);
      await erased('organizations', caseId, orgId);
      await waitFor(() => caseView(caseId), (c) => c?.missing.length === 1, { timeoutMs: 30_000, what: "organizations' answer" });
      await erased('contacts', caseId, orgId);
      const done = (await waitFor(() => caseView(caseId), (c) => c?.status === 'completed', { timeoutMs: 30_000, what: 'the completed tenant case' })) as ErasureCaseView;
      expect(done.services.map((s) => s.service)).toEqual(['organizations', 'contacts']);
      const certificate = done.certificate as NonNullable<ErasureCaseView['certificate']>;
      expect(certificate.services.map((s) => s.service).sort()).toEqual(['contacts', 'organizations']);
      expect(certificate.subjectRef).toMatch(/^pseud:[0-9a-f]{32}$/u);
      expect(JSON.stringify(certificate)).not.toContain(orgId);
      const verdict = await retention.http().post('/admin/erasures/certificate-verification').set(retention.as(dpo)).send({ certificate });
      expect(verdict.body).toEqual({ valid: true, reason: null });

      const listed = await retention.http().get('/admin/erasures?limit=200').set(retention.as(dpo));
      expect(listed.body).toContainEqual(expect.objectContaining({ caseId, kind: 'tenant', status: 'completed' }));
      // A redelivered deletion (a new event, the same case) opens nothing new.
      await deleteOrganisation(orgId, caseId);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await outbox('TenantErasureRequested', orgId)).toHaveLength(1);
    });

    it('asks again when the tenant services do not answer, then fails the case and alerts', async () => {
      const orgId = randomUUID();
      const caseId = await deleteOrganisation(orgId);
      const failed = await waitFor(() => caseView(caseId), (c) => c?.status === 'failed', { timeoutMs: 60_000, intervalMs: 300, what: 'the unanswered tenant case to fail' });
      expect(failed).toMatchObject({ kind: 'tenant', attempts: 2, overdue: true, missing: ['organizations', 'contacts'] });
      expect(await outbox('TenantErasureRequested', orgId)).toHaveLength(2);
      // Late answers still complete it.
      await erased('organizations', caseId, orgId);
      await erased('contacts', caseId, orgId);
      await waitFor(() => caseView(caseId), (c) => c?.status === 'completed', { timeoutMs: 30_000, what: 'the late answers' });
    });
  });

  describe("an organisation's export", () => {
    it('is ready with the tenant services\' sections and the audit entries about the organisation, for owners and admins of that organisation only', async () => {
      const orgId = randomUUID();
      const otherOrg = randomUUID();
      await publish((m) =>
        probe.publisher.publish(m, AuditEventRecorded.organizations, `audit:${orgId}`, {
          action: 'incident.declared',
          actorId: randomUUID(),
          subject: orgId,
          reference: null,
          service: 'organizations',
          occurredAt: new Date().toISOString(),
        }),
      );
      await waitFor(
        () => withDatabase(retentionDb.url, async (pg) => (await pg.query('SELECT 1 FROM audit_entry WHERE subject = $1', [orgId])).rowCount),
        (n) => n === 1,
        { timeoutMs: 30_000, what: 'the audit entry about the organisation' },
      );

      expect((await retention.http().post(`/orgs/${orgId}/exports`).set(caller(orgId, 'member'))).status).toBe(403);
      expect((await retention.http().post(`/orgs/${orgId}/exports`).set(caller(otherOrg, 'owner'))).status).toBe(404);
      const created = await retention.http().post(`/orgs/${orgId}/exports`).set(caller(orgId, 'admin'));
      expect(created.status).toBe(202);
      const { id } = created.body as { id: string };
      const asked = await outbox('TenantExportRequested', orgId);
      expect(asked.map((e) => e.payload)).toEqual([{ exportId: id, orgId, requestedAt: expect.any(String) }]);
      expect((await retention.http().get(`/orgs/${orgId}/exports/${id}/download`).set(caller(orgId, 'owner'))).status).toBe(409);

      for (const service of ['organizations', 'contacts'] as const) {
        await publish((m) =>
          probe.publisher.publish(m, ExportSectionReady[service], orgId, {
            exportId: id,
            subjectId: orgId,
            service,
            generatedAt: new Date().toISOString(),
            tables: { [service === 'contacts' ? 'contact' : 'organization']: [{ orgId, from: service }] },
          } as never),
        );
      }
      const status = await waitFor(
        async () => (await retention.http().get(`/orgs/${orgId}/exports/${id}`).set(caller(orgId, 'owner'))).body as { status: string },
        (s) => s.status === 'ready',
        { timeoutMs: 30_000, what: 'the export to be ready' },
      );
      expect(status).toMatchObject({ id, status: 'ready' });
      const download = await retention.http().get(`/orgs/${orgId}/exports/${id}/download`).set(caller(orgId, 'owner'));
      expect(download.status).toBe(200);
      expect(download.headers['content-disposition']).toBe(`attachment; filename="sargs-organisation-export-${id}.json"`);
      const document = download.body as OrgExportDocumentView;
      expect(document).toMatchObject({ exportId: id, orgId, sections: { organizations: { organization: [{ from: 'organizations' }] }, contacts: { contact: [{ from: 'contacts' }] } } });
      expect(document.sections.retention.audit_entry).toEqual([expect.objectContaining({ subject: orgId, action: 'incident.declared', service: 'organizations' })]);
      expect((await retention.http().get(`/orgs/${orgId}/exports`).set(caller(orgId, 'admin'))).body).toEqual([expect.objectContaining({ id, status: 'ready' })]);

      // Under another organisation's path (its own owner), or a person's own export route: the same 404 as an unknown id.
      for (const path of [`/orgs/${otherOrg}/exports/${id}`, `/orgs/${otherOrg}/exports/${id}/download`]) {
        expect((await retention.http().get(path).set(caller(otherOrg, 'owner'))).status).toBe(404);
      }
      expect((await retention.http().get(`/orgs/${otherOrg}/exports`).set(caller(otherOrg, 'owner'))).body).toEqual([]);
      expect((await retention.http().get(`/me/exports/${id}`).set(retention.as({ sub: orgId, roles: ['user'], sid: randomUUID() }))).status).toBe(404);
      // A tenant route without the gateway's org claim: no such organisation.
      expect((await retention.http().get(`/orgs/${orgId}/exports`).set(retention.as({ sub: randomUUID(), roles: ['user'], sid: randomUUID() }))).status).toBe(404);
    });
  });

  describe("an organisation's data-subject requests", () => {
    const request = async (orgId: string, type: 'access' | 'erasure', email: string, role: OrgRole = 'owner') => {
      const answer = await retention.http().post(`/orgs/${orgId}/data-subject-requests`).set(caller(orgId, role)).send({ email, type });
      expect(answer.status).toBe(202);
      return (answer.body as { id: string }).id;
    };
    const viewOf = async (orgId: string, id: string) => (await retention.http().get(`/orgs/${orgId}/data-subject-requests/${id}`).set(caller(orgId, 'admin'))).body as DataSubjectRequestView;
    const answerAs = (service: 'organizations' | 'contacts', orgId: string, requestId: string, body: { type: 'access'; tables: Record<string, Record<string, unknown>[]> } | { type: 'erasure'; counts: Record<string, number> }) =>
      publish((m) => probe.publisher.publish(m, TenantSubjectAnswered[service], orgId, { requestId, orgId, service, answeredAt: new Date().toISOString(), ...body } as never));
    const storedRow = (id: string) =>
      withDatabase(retentionDb.url, async (pg) => (await pg.query<{ email: string | null; email_hash: string }>('SELECT email, email_hash FROM data_subject_request WHERE id = $1', [id])).rows[0]);

    it('asks every tenant service, completes with their rows, then erases the address (its hash still finds the request) and later the rows', async () => {
      const orgId = randomUUID();
      const email = `Anna.${randomUUID().slice(0, 8)}@Example.test`;
      const normalised = email.toLowerCase();
      expect((await retention.http().post(`/orgs/${orgId}/data-subject-requests`).set(caller(orgId, 'member')).send({ email, type: 'access' })).status).toBe(403);
      const invalid = await retention.http().post(`/orgs/${orgId}/data-subject-requests`).set(caller(orgId, 'owner')).send({ email: 'nope', type: 'rectify' });
      expect(invalid.status).toBe(422);
      expect((invalid.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['email', 'type']);

      const id = await request(orgId, 'access', email);
      expect(await viewOf(orgId, id)).toMatchObject({ id, type: 'access', status: 'pending', email: normalised, completedAt: null, services: [{ service: 'organizations', answeredAt: null }, { service: 'contacts', answeredAt: null }] });
      const asked = await outbox('TenantSubjectRequested', orgId);
      expect(asked.map((e) => e.payload)).toEqual([{ requestId: id, orgId, type: 'access', email: normalised, requestedAt: expect.any(String) }]);

      // An answer naming another organisation is not this request's.
      await answerAs('contacts', randomUUID(), id, { type: 'access', tables: { contact: [{ name: 'Someone else' }] } });
      await answerAs('contacts', orgId, id, { type: 'access', tables: { contact: [{ name: 'Anna', email: normalised }] } });
      await waitFor(() => viewOf(orgId, id), (v) => v.services.some((s) => s.service === 'contacts' && s.answeredAt !== null), { timeoutMs: 30_000, what: "contacts' answer" });
      expect((await viewOf(orgId, id)).status).toBe('pending');
      await answerAs('organizations', orgId, id, { type: 'access', tables: {} });
      const done = await waitFor(() => viewOf(orgId, id), (v) => v.status === 'completed', { timeoutMs: 30_000, what: 'the completed request' });
      expect(done).toMatchObject({ email: null, completedAt: expect.any(String), result: { contacts: { contact: [{ name: 'Anna', email: normalised }] }, organizations: {} }, resultExpiresAt: expect.any(String) });
      expect(await storedRow(id)).toEqual({ email: null, email_hash: expect.stringMatching(/^pseud:/u) });

      // Found again by its address, in any case; not by another.
      const byAddress = await retention.http().get(`/orgs/${orgId}/data-subject-requests?email=${encodeURIComponent(email.toUpperCase())}`).set(caller(orgId, 'owner'));
      expect((byAddress.body as { id: string }[]).map((r) => r.id)).toEqual([id]);
      expect((await retention.http().get(`/orgs/${orgId}/data-subject-requests?email=other@example.test`).set(caller(orgId, 'owner'))).body).toEqual([]);
      // Another organisation's path, as its own owner: 404, and its list is empty.
      const other = randomUUID();
      expect((await retention.http().get(`/orgs/${other}/data-subject-requests/${id}`).set(caller(other, 'owner'))).status).toBe(404);
      expect((await retention.http().get(`/orgs/${other}/data-subject-requests`).set(caller(other, 'owner'))).body).toEqual([]);

      // After DATA_SUBJECT_REQUEST_RESULT_TTL_MS the rows found are gone; the request and its counts stay.
      const expired = await waitFor(() => viewOf(orgId, id), (v) => v.result === undefined, { timeoutMs: 30_000, intervalMs: 500, what: 'the access result to expire' });
      expect(expired.status).toBe('completed');
      await waitFor(
        () => withDatabase(retentionDb.url, async (pg) => (await pg.query<{ tables: unknown; counts: unknown }>('SELECT tables, counts FROM data_subject_answer WHERE request_id = $1 ORDER BY service', [id])).rows),
        (rows) => rows.every((r) => r.tables === null),
        { timeoutMs: 30_000, what: 'the sweep to delete the rows' },
      );
      expect(JSON.stringify(await withDatabase(retentionDb.url, (pg) => pg.query('SELECT * FROM data_subject_answer WHERE request_id = $1', [id]).then((r) => r.rows)))).not.toContain(normalised);
    });

    it('reports an erasure by the rows each service deleted', async () => {
      const orgId = randomUUID();
      const id = await request(orgId, 'erasure', `Janis.${randomUUID().slice(0, 8)}@example.test`, 'admin');
      // An access answer to an erasure request is not its answer.
      await answerAs('contacts', orgId, id, { type: 'access', tables: { contact: [] } });
      await answerAs('contacts', orgId, id, { type: 'erasure', counts: { contact: 2 } });
      await answerAs('organizations', orgId, id, { type: 'erasure', counts: {} });
      const done = await waitFor(() => viewOf(orgId, id), (v) => v.status === 'completed', { timeoutMs: 30_000, what: 'the erasure request' });
      expect(done).toMatchObject({ type: 'erasure', email: null, result: { contacts: { contact: 2 }, organizations: {} }, resultExpiresAt: null });
    });

    it("forgets a deleted organisation's requests and exports with its tenant case", async () => {
      const orgId = randomUUID();
      const id = await request(orgId, 'access', `ilze.${randomUUID().slice(0, 8)}@example.test`);
      await answerAs('contacts', orgId, id, { type: 'access', tables: { contact: [{ name: 'Ilze' }] } });
      const exportId = ((await retention.http().post(`/orgs/${orgId}/exports`).set(caller(orgId, 'owner'))).body as { id: string }).id;
      const other = randomUUID();
      const kept = await request(other, 'erasure', `ilze.${randomUUID().slice(0, 8)}@example.test`);

      await deleteOrganisation(orgId);
      await waitFor(
        async () => (await retention.http().get(`/orgs/${orgId}/data-subject-requests/${id}`).set(caller(orgId, 'owner'))).status,
        (s) => s === 404,
        { timeoutMs: 30_000, what: "the deleted organisation's request to go" },
      );
      expect((await retention.http().get(`/orgs/${orgId}/exports/${exportId}`).set(caller(orgId, 'owner'))).status).toBe(404);
      const left = await withDatabase(retentionDb.url, async (pg) =>
        (await pg.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM data_subject_request WHERE subject_id = $1) + (SELECT count(*) FROM data_subject_answer WHERE request_id = $2)
                + (SELECT count(*) FROM export_job WHERE subject_id = $1) + (SELECT count(*) FROM export_section WHERE export_id = $3) AS n`,
          [orgId, id, exportId],
        )).rows[0].n,
      );
      expect(Number(left)).toBe(0);
      // Another organisation's request stays.
      expect((await viewOf(other, kept)).status).toBe('pending');
    });
  });
});
