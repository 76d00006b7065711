import { randomUUID } from 'node:crypto';
import type { AuditEventRecorded, EventFrom, ExportSectionReady, OneOf, ServiceName } from '@sargs/contracts';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { DomainError, problemOf } from '@sargs/platform/service';
import { createTestDatabase, startTestService, type TestDatabase, type TestService } from '@sargs/testing';
import { AuditEntryRepository } from '../src/audit/audit-entry.repository';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from '../src/audit/audit.schema';
import { AuditChainCommitHook } from '../src/audit/audit-chain-commit.hook';
import { AuditTrailService } from '../src/audit/audit-trail.service';
import type { AppConfig } from '../src/config/app-config';
import { ExportJobRepository } from '../src/exports/export-job.repository';
import { EXPORTS_ENTITIES, EXPORTS_MIGRATIONS } from '../src/exports/exports.schema';
import { ExportsService } from '../src/exports/exports.service';

type Section = EventFrom<OneOf<typeof ExportSectionReady>>['payload'];

/** The exports' bookkeeping on a real PostgreSQL: sections, readiness, the one-pending rule, deadline, expiry and purge. */
describe('retention exports (R11) on a real database', () => {
  const run = randomUUID().slice(0, 8);
  let db: TestDatabase;
  let service: TestService;

  beforeAll(async () => {
    db = await createTestDatabase('retention_exports');
    service = await startTestService({
      name: `retention-exports-${run}`,
      databaseUrl: db.url,
      entities: [...EXPORTS_ENTITIES, ...AUDIT_ENTITIES],
      migrations: [...EXPORTS_MIGRATIONS, ...AUDIT_MIGRATIONS],
    });
  });

  afterAll(async () => {
    await service?.close();
    await db?.drop();
  });

  /** An ExportsService with its own settings over the test service's database and outbox. */
  const exportsWith = (settings: Partial<AppConfig> = {}) =>
    new ExportsService(
      {
        PRIVACY_PARTICIPANTS: ['identity', 'profile'],
        EXPORT_TTL_MS: 48 * 3600_000,
        EXPORT_DEADLINE_MS: 5 * 60_000,
        EXPORT_SWEEP_INTERVAL_MS: 60_000,
        ...settings,
      } as AppConfig,
      service.dataSource,
      new ExportJobRepository(service.dataSource),
      new AuditEntryRepository(service.dataSource),
      service.publisher,
      service.context.get<Logger>(APP_LOGGER),
    );

  const section = (exportId: string, subjectId: string, name: ServiceName, tables: Section['tables'] = { t: [{ who: name }] }): Section => ({
    exportId,
    subjectId,
    service: name,
    generatedAt: new Date().toISOString(),
    tables,
  });

  const deliver = (exports: ExportsService, s: Section) => service.dataSource.transaction((m) => exports.sectionReady(m, s));

  async function statusOf(promise: Promise<unknown>): Promise<number> {
    try {
      await promise;
      return 200;
    } catch (err) {
      if (err instanceof DomainError) return problemOf(err).details.status;
      throw err;
    }
  }

  const rowsOf = async (exportId: string) => ({
    jobs: Number((await service.dataSource.query(`SELECT count(*) AS n FROM export_job WHERE id = $1`, [exportId]))[0].n),
    sections: Number((await service.dataSource.query(`SELECT count(*) AS n FROM export_section WHERE export_id = $1`, [exportId]))[0].n),
  });

  it('publishes ExportRequested once, keeps one pending export per person, and is ready when every participant has answered', async () => {
    const exports = exportsWith();
    const person = randomUUID();
    const { id } = await exports.request(person);
    expect(await exports.request(person)).toEqual({ id });

    const outbox: { envelope: { payload: Record<string, string> } }[] = await service.dataSource.query(
      `SELECT envelope FROM outbox_message WHERE message_key = $1 AND envelope->>'type' = 'ExportRequested'`,
      [person],
    );
    const pending = await exports.status(person, id);
    expect(pending).toEqual({ id, status: 'pending', requestedAt: expect.any(String) });
    expect(outbox.map((o) => o.envelope.payload)).toEqual([{ exportId: id, subjectId: person, requestedAt: pending.requestedAt }]);
    expect(await statusOf(exports.download(person, id))).toBe(409);

    await deliver(exports, section(id, person, 'identity'));
    await deliver(exports, section(id, person, 'identity', { t: [{ who: 'a second copy' }] }));
    // A registry service that is not among this installation's participants.
    await deliver(exports, section(id, person, 'consent'));
    await deliver(exports, section(id, randomUUID(), 'profile'));
    expect((await exports.status(person, id)).status).toBe('pending');

    await deliver(exports, section(id, person, 'profile'));
    const ready = await exports.status(person, id);
    expect(ready).toMatchObject({ id, status: 'ready', readyAt: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(ready.expiresAt as string) - Date.parse(ready.readyAt as string)).toBe(48 * 3600_000);

    const document = await exports.download(person, id);
    expect(document).toEqual({
      exportId: id,
      subjectId: person,
      generatedAt: ready.readyAt,
      sections: { identity: { t: [{ who: 'identity' }] }, profile: { t: [{ who: 'profile' }] } },
    });
    // A late section changes nothing; the next request is a new export.
    await deliver(exports, section(id, person, 'profile', { t: [{ who: 'late' }] }));
    expect((await exports.download(person, id)).sections.profile).toEqual({ t: [{ who: 'profile' }] });
    expect((await exports.request(person)).id).not.toBe(id);
  });

  // A malformed id never reaches the service: the controller's IdParam answers 404 (exports.e2e-spec.ts).
  it('answers 404 for another person and an unknown id', async () => {
    const exports = exportsWith();
    const owner = randomUUID();
    const { id } = await exports.request(owner);
    const other = randomUUID();
    expect(await statusOf(exports.status(other, id))).toBe(404);
    expect(await statusOf(exports.download(other, id))).toBe(404);
    expect(await statusOf(exports.status(owner, randomUUID()))).toBe(404);
    expect(await statusOf(exports.download(owner, randomUUID()))).toBe(404);
  });

  it('hides an expired export at once and the sweep deletes it with its sections', async () => {
    const exports = exportsWith({ EXPORT_TTL_MS: 1000 });
    const person = randomUUID();
    const { id } = await exports.request(person);
    await deliver(exports, section(id, person, 'identity'));
    await deliver(exports, section(id, person, 'profile'));
    expect(await statusOf(exports.download(person, id))).toBe(200);
    expect(await rowsOf(id)).toEqual({ jobs: 1, sections: 2 });

    await new Promise((r) => setTimeout(r, 1200));
    expect(await statusOf(exports.status(person, id))).toBe(404);
    expect(await statusOf(exports.download(person, id))).toBe(404);
    expect((await exports.sweep()).purged).toBeGreaterThanOrEqual(1);
    expect(await rowsOf(id)).toEqual({ jobs: 0, sections: 0 });
  });

  describe("an organisation's export (docs/tenancy.md)", () => {
    const participants = { PRIVACY_PARTICIPANTS: ['identity', 'profile', 'organizations', 'contacts'] };
    let trail: AuditTrailService;
    beforeAll(() => {
      trail = new AuditTrailService(new AuditEntryRepository(service.dataSource), { PSEUDONYM_KEY: Buffer.alloc(32, 7) });
      // As AuditModule wires them: the entries are chained and written when their transaction commits.
      new AuditChainCommitHook(service.dataSource, trail).onModuleInit();
    });
    const recordAudit = (subject: string, action: 'incident.declared' | 'backup.taken' | 'legal-hold.placed', reference: string | null = null) =>
      service.dataSource.transaction((m) =>
        trail.append(m, {
          eventId: randomUUID(),
          type: 'AuditEventRecorded',
          schemaVersion: 1,
          occurredAt: new Date().toISOString(),
          subjectId: `audit:${subject}`,
          correlationId: randomUUID(),
          payload: { action, actorId: randomUUID(), subject, reference, service: 'retention', occurredAt: new Date().toISOString() },
        } as EventFrom<OneOf<typeof AuditEventRecorded>>),
      );

    it('asks the tenant participants only, is ready with their sections and the audit entries about the organisation, and is found under that organisation alone', async () => {
      const exports = exportsWith(participants);
      const org = randomUUID();
      const other = randomUUID();
      const member = randomUUID();
      await recordAudit(org, 'incident.declared');
      // An entry about a member of the organisation, which it names as the reference.
      await recordAudit(member, 'legal-hold.placed', org);
      await recordAudit(other, 'backup.taken');
      await recordAudit(randomUUID(), 'legal-hold.placed', other);
      const { id } = await exports.requestForOrganisation(org);
      expect(await exports.requestForOrganisation(org)).toEqual({ id });
      const asked: { envelope: { type: string; payload: Record<string, string> } }[] = await service.dataSource.query(`SELECT envelope FROM outbox_message WHERE message_key = $1`, [org]);
      expect(asked.map((o) => [o.envelope.type, o.envelope.payload.exportId, o.envelope.payload.orgId])).toEqual([['TenantExportRequested', id, org]]);

      // A person's service sends nothing for an organisation; a section for another subject is not this export's.
      await deliver(exports, section(id, org, 'identity'));
      await deliver(exports, section(id, other, 'contacts'));
      await deliver(exports, section(id, org, 'organizations', { organization: [{ id: org }] }));
      expect((await exports.organisationStatus(org, id)).status).toBe('pending');
      await deliver(exports, section(id, org, 'contacts', { contact: [{ name: 'Anna' }] }));
      expect((await exports.organisationStatus(org, id)).status).toBe('ready');

      const document = await exports.organisationDownload(org, id);
      expect(Object.keys(document.sections).sort()).toEqual(['contacts', 'organizations', 'retention']);
      expect(document).toMatchObject({ exportId: id, orgId: org, sections: { organizations: { organization: [{ id: org }] }, contacts: { contact: [{ name: 'Anna' }] } } });
      expect(document.sections.retention.audit_entry).toEqual([
        expect.objectContaining({ subject: org, action: 'incident.declared', reference: null }),
        expect.objectContaining({ subject: member, action: 'legal-hold.placed', reference: org }),
      ]);
      expect(await exports.ofOrganisation(org)).toEqual([expect.objectContaining({ id, status: 'ready' })]);

      // Another organisation, and the person routes, know nothing of it.
      expect(await statusOf(exports.organisationStatus(other, id))).toBe(404);
      expect(await statusOf(exports.organisationDownload(other, id))).toBe(404);
      expect(await exports.ofOrganisation(other)).toEqual([]);
      expect(await statusOf(exports.status(org, id))).toBe(404);
      expect(await statusOf(exports.download(org, id))).toBe(404);
      expect(await exports.mine(org)).toEqual([]);
    });

    it("forgets a deleted organisation's exports with their sections", async () => {
      const exports = exportsWith(participants);
      const org = randomUUID();
      const { id } = await exports.requestForOrganisation(org);
      await deliver(exports, section(id, org, 'organizations'));
      expect(await rowsOf(id)).toEqual({ jobs: 1, sections: 1 });
      await service.dataSource.transaction((m) => exports.forgetOrganisation(m, org));
      expect(await rowsOf(id)).toEqual({ jobs: 0, sections: 0 });
      expect(await statusOf(exports.organisationStatus(org, id))).toBe(404);
    });

    it('is ready at once with only its own section when no service holding tenant data takes part', async () => {
      const exports = exportsWith({ PRIVACY_PARTICIPANTS: ['identity', 'profile'] });
      const org = randomUUID();
      const { id } = await exports.requestForOrganisation(org);
      expect((await exports.organisationStatus(org, id)).status).toBe('ready');
      expect((await exports.organisationDownload(org, id)).sections).toEqual({ retention: { audit_entry: [] } });
    });
  });

  // Last: its deadline of a few milliseconds fails every pending export in this database.
  it('fails an export not every participant answered by the deadline, and drops its partial sections', async () => {
    const exports = exportsWith({ EXPORT_DEADLINE_MS: 1 });
    const person = randomUUID();
    const { id } = await exportsWith().request(person);
    await deliver(exports, section(id, person, 'identity'));
    await new Promise((r) => setTimeout(r, 20));
    expect((await exports.sweep()).failed).toBeGreaterThanOrEqual(1);

    expect(await exports.status(person, id)).toEqual({ id, status: 'failed', requestedAt: expect.any(String) });
    expect(await statusOf(exports.download(person, id))).toBe(404);
    expect(await rowsOf(id)).toEqual({ jobs: 1, sections: 0 });
    await deliver(exports, section(id, person, 'profile'));
    expect((await exports.status(person, id)).status).toBe('failed');
    expect(await rowsOf(id)).toEqual({ jobs: 1, sections: 0 });
    // A new request is not held up by the failed one.
    expect((await exportsWith().request(person)).id).not.toBe(id);
  });
});
