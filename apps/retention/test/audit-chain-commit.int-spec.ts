import { randomUUID } from 'node:crypto';
import type { AuditEventRecorded, EventFrom, OneOf } from '@sargs/contracts';
import { createTestDatabase, startTestService, type TestDatabase, type TestService } from '@sargs/testing';
import { AuditChainCommitHook } from '../src/audit/audit-chain-commit.hook';
import { AuditEntryRepository } from '../src/audit/audit-entry.repository';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from '../src/audit/audit.schema';
import { AuditTrailService } from '../src/audit/audit-trail.service';
import { AuditVerificationService } from '../src/audit/audit-verification.service';
import type { AppConfig } from '../src/config/app-config';

const config = { PSEUDONYM_KEY: Buffer.alloc(32, 9) } as AppConfig;

const event = (action: 'incident.declared' | 'backup.taken' = 'backup.taken'): EventFrom<OneOf<typeof AuditEventRecorded>> =>
  ({
    eventId: randomUUID(),
    type: 'AuditEventRecorded',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    subjectId: 'audit:chain-test',
    correlationId: randomUUID(),
    payload: { action, actorId: randomUUID(), subject: randomUUID(), reference: null, roles: ['admin'], service: 'retention', occurredAt: new Date().toISOString() },
  }) as EventFrom<OneOf<typeof AuditEventRecorded>>;

// The trail's appends on a real PostgreSQL, wired as AuditModule wires them: a transaction's entries
// are chained and written when it commits, and are gone with it when it rolls back.
describe('the audit chain, extended at commit', () => {
  let db: TestDatabase;
  let service: TestService;
  let trail: AuditTrailService;
  let verification: AuditVerificationService;
  const count = async () => Number((await service.dataSource.query('SELECT count(*) AS n FROM audit_entry'))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('audit_chain_commit');
    service = await startTestService({ name: `audit-chain-${randomUUID().slice(0, 8)}`, databaseUrl: db.url, entities: [...AUDIT_ENTITIES], migrations: [...AUDIT_MIGRATIONS] });
    const entries = new AuditEntryRepository(service.dataSource);
    trail = new AuditTrailService(entries, config);
    new AuditChainCommitHook(service.dataSource, trail).onModuleInit();
    verification = new AuditVerificationService(service.dataSource, entries, config);
  });
  afterAll(async () => {
    await service?.close();
    await db?.drop();
  });

  it('writes a transaction\'s entries in the order appended, chained to the head, when it commits, and none before', async () => {
    let seenInside = -1;
    await service.dataSource.transaction(async (m) => {
      for (let i = 0; i < 3; i++) await trail.append(m, event());
      seenInside = Number((await m.query('SELECT count(*) AS n FROM audit_entry'))[0].n);
    });
    expect(seenInside).toBe(0);
    expect(await count()).toBe(3);
    const rows: { seq: string; roles: string[] }[] = await service.dataSource.query('SELECT seq, roles FROM audit_entry ORDER BY seq');
    expect(rows).toEqual([1, 2, 3].map((seq) => ({ seq: String(seq), roles: ['admin'] })));
    expect(await verification.verify()).toMatchObject({ entries: 3, valid: true, firstBroken: null });
  });

  it('writes nothing of a transaction that rolls back, and the next one chains on from the head as it was', async () => {
    await expect(
      service.dataSource.transaction(async (m) => {
        await trail.append(m, event());
        await trail.append(m, event());
        throw new Error('the handler after them failed');
      }),
    ).rejects.toThrow('the handler after them failed');
    expect(await count()).toBe(3);
    await service.dataSource.transaction((m) => trail.append(m, event('incident.declared')));
    expect(await service.dataSource.query('SELECT seq FROM audit_chain_head')).toEqual([{ seq: '4' }]);
    expect(await verification.verify()).toMatchObject({ entries: 4, valid: true });
  });

  it('keeps one unbroken chain through concurrent transactions', async () => {
    await Promise.all(
      Array.from({ length: 8 }, () =>
        service.dataSource.transaction(async (m) => {
          for (let i = 0; i < 25; i++) await trail.append(m, event());
        }),
      ),
    );
    expect(await verification.verify()).toMatchObject({ entries: 204, valid: true, firstBroken: null });
  });
});
