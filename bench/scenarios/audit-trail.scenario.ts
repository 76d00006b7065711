import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AUDIT_ACTIONS, AuditEventRecorded, type AuditAction } from '@sargs/contracts';
import { startTestService, waitFor, withDatabase, type TestService } from '@sargs/testing';
import { measure } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { helloWorld, type HelloWorld } from '../support/hello-world';
import { percentile, round } from '../support/percentile';
import { startPlatformUnderBench } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);
const STAFF_IDS = Array.from({ length: 20 }, () => randomUUID());
const SUBJECTS = Array.from({ length: 5_000 }, () => randomUUID());
/** A few staff members at their consoles at once. */
const CONNECTIONS = 4;
const STAFF = { email: 'records.keeper@example.test', password: 'ziema nāk pār jūru 7' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Entries as a month of a busy installation would leave them: 20 staff, 5,000 people, every action. */
function plannedEntry(i: number, now: number) {
  const action = AUDIT_ACTIONS[i % AUDIT_ACTIONS.length] as AuditAction;
  return {
    subjectId: `audit:${randomUUID()}`,
    payload: {
      action,
      actorId: action === 'login.locked-out' ? null : STAFF_IDS[i % STAFF_IDS.length],
      subject: SUBJECTS[i % SUBJECTS.length],
      reference: i % 3 === 0 ? randomUUID() : null,
      service: 'retention' as const,
      occurredAt: new Date(now - 30 * DAY_MS + (i * 30 * DAY_MS) / ENTRIES).toISOString(),
      ...(action === 'account.roles-changed' ? { roles: ['user' as const, 'dpo' as const] } : {}),
    },
  };
}

/** Every entry in a producer's outbox, then on audit.v1: retention then meets a full topic. */
async function fillTopic(producer: TestService): Promise<void> {
  const now = Date.now();
  for (let start = 0; start < ENTRIES; start += 2_000) {
    const events = Array.from({ length: Math.min(2_000, ENTRIES - start) }, (_, k) => plannedEntry(start + k, now));
    await producer.dataSource.transaction((manager) => producer.publisher.publishAll(manager, AuditEventRecorded.retention, events));
  }
  await waitFor(
    async () => Number((await producer.dataSource.query(`SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL`))[0].n),
    (n) => n === 0,
    { timeoutMs: 600_000, intervalMs: 500, what: 'the producer outbox to drain to Kafka' },
  );
}

/** The same rows written straight into a bare copy of the table, 200 per transaction: the database's own ceiling. */
async function bareInsertRate(databaseUrl: string): Promise<number> {
  return withDatabase(databaseUrl, async (pg: Client) => {
    await pg.query(`CREATE TABLE bench_bare_entry (LIKE audit_entry INCLUDING INDEXES)`);
    const rows = Math.min(ENTRIES, 20_000);
    const started = performance.now();
    for (let start = 0; start < rows; start += 200) {
      await pg.query('BEGIN');
      for (let k = start; k < start + 200; k++) {
        await pg.query(
          `INSERT INTO bench_bare_entry (seq, id, occurred_at, recorded_at, actor, action, category, subject, reference, service, roles, previous_hash, hash)
           VALUES ($1, $2, now(), now(), $3, 'backup.taken', 'staff', $4, NULL, 'bench', NULL, repeat('0', 64), repeat('1', 64))`,
          [k + 1, randomUUID(), STAFF_IDS[k % STAFF_IDS.length], SUBJECTS[k % SUBJECTS.length]],
        );
      }
      await pg.query('COMMIT');
    }
    const perSecond = rows / ((performance.now() - started) / 1000);
    await pg.query(`DROP TABLE bench_bare_entry`);
    return perSecond;
  });
}

export const auditTrailScenario: Scenario = {
  name: 'audit-trail',
  description: `retention appends ${ENTRIES.toLocaleString('en')} audit events waiting on audit.v1 (rate), then filtered GET /api/v1/admin/audit pages over them at ${CONNECTIONS} connections, and a full chain verification`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const producer = await startTestService({ name: 'bench-audit-producer', databaseUrl: await infra.createDatabase('bench_audit_producer'), kafka: infra.kafka });
    let hello: HelloWorld | undefined;
    const services = ['identity', 'retention'] as const;
    try {
      // Earlier scenarios' events are skipped; the backlog published now is what retention must read.
      await infra.startFromNow(services);
      await fillTopic(producer);
      console.log(`${ENTRIES} audit events on audit.v1; starting retention`);
    } finally {
      await producer.close();
    }
    const platform = await startPlatformUnderBench(infra, { services, staff: STAFF, backlogToRead: true });
    try {
      const retentionDb = platform.databaseUrl('retention');
      const appended = await waitFor(
        () => withDatabase(retentionDb, async (pg) => (await pg.query(`SELECT count(*)::int AS n, min(recorded_at) AS first, max(recorded_at) AS last FROM audit_entry`)).rows[0] as { n: number; first: Date; last: Date }),
        (r) => r.n >= ENTRIES,
        { timeoutMs: 900_000, intervalMs: 1_000, what: `${ENTRIES} entries appended` },
      );
      const appendRate = appended.n / Math.max(0.001, (appended.last.getTime() - appended.first.getTime()) / 1000);
      console.log(`appended ${appended.n} entries at ${round(appendRate)}/s`);
      const bareRate = await bareInsertRate(retentionDb);
      await withDatabase(retentionDb, (pg) => pg.query('ANALYZE audit_entry'));

      const session = await platform.login(STAFF.email, STAFF.password);
      const headers = { cookie: `__Host-sid=${session}` };
      const since = encodeURIComponent(new Date(Date.now() - 3 * DAY_MS).toISOString());
      const filters: Record<string, string> = {
        'actor': `actor=${STAFF_IDS[3]}`,
        'action': 'action=legal-hold.placed',
        'subject': `subject=${SUBJECTS[42]}`,
        'since (last 3 days)': `since=${since}`,
        'actor + action, deep page window': `actor=${STAFF_IDS[5]}&action=backup.taken&until=${encodeURIComponent(new Date(Date.now() - 20 * DAY_MS).toISOString())}`,
      };
      const figures: Figure[] = [
        { name: 'append rate', value: round(appendRate), unit: 'entries/s', target: { op: '>=', value: 1_000 }, baseline: { name: 'bare INSERT of the same rows, 200 per transaction', value: round(bareRate) } },
      ];
      hello = await helloWorld();
      const bare = await measure('hello-world', { url: hello.url, connections: CONNECTIONS, ok: (status) => status === 200 }, { seconds: 5 });
      const helloP99 = { name: 'hello-world p99, same connections', value: round(percentile(bare.okLatenciesMs, 99)) };
      for (const [name, query] of Object.entries(filters)) {
        const url = `${platform.apiBase}/admin/audit?${query}&limit=50`;
        const probe = await platform.api.get(`/admin/audit?${query}&limit=50`, { session });
        if (probe.status !== 200 || (probe.body as unknown[]).length === 0) throw new Error(`GET /admin/audit?${query} answered ${probe.status} with ${probe.text.slice(0, 200)}`);
        const load = await measure(`GET /admin/audit ${name}`, { url, connections: CONNECTIONS, headers, ok: (status) => status === 200 }, { seconds: 8 });
        figures.push({ name: `GET /admin/audit filtered by ${name}: p99`, value: round(percentile(load.okLatenciesMs, 99)), unit: 'ms', target: { op: '<', value: 50 }, baseline: helloP99 });
        figures.push({ name: `GET /admin/audit filtered by ${name}: rate`, value: round(load.okPerSecond), unit: 'req/s' });
      }
      const started = performance.now();
      const verdict = await platform.api.get('/admin/audit/verification', { session });
      const verifyMs = performance.now() - started;
      if (verdict.status !== 200 || !(verdict.body as { valid: boolean }).valid) throw new Error(`verification answered ${verdict.status}: ${verdict.text.slice(0, 300)}`);
      figures.push({ name: `verification of ${appended.n} entries`, value: round(verifyMs), unit: 'ms' });
      return figures;
    } finally {
      if (hello) await hello.child.stop();
      await platform.stop();
    }
  },
};
