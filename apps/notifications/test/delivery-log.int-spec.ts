import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { broadcastListQuery } from '@sargs/contracts';
import { postgresDataSourceOptions, runMigrations } from '@sargs/platform/database';
import { createLogger } from '@sargs/platform/observability';
import { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS, type AuditRecorder } from '@sargs/platform/service';
import { createTestDatabase, type TestDatabase } from '@sargs/testing';
import type { BroadcastFanout } from '../src/broadcasts/broadcast-fanout';
import { BroadcastRepository } from '../src/broadcasts/broadcast.repository';
import { OrganizationManagerRepository } from '../src/organization-mail/organization-manager.repository';
import { BroadcastsService } from '../src/broadcasts/broadcasts.service';
import { appConfigSchema } from '../src/config/app-config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from '../src/config/database-schema';
import { DeliveryLogPurgeTask } from '../src/outgoing/delivery-log-purge.task';
import type { MailStatus } from '../src/outgoing/outgoing-mail.entity';
import { OutgoingMailRepository } from '../src/outgoing/outgoing-mail.repository';

type Age = 'old' | 'recent' | 'unfinished';

interface Seeded {
  id: string;
  status: MailStatus;
  age: Age;
  broadcastId: string | null;
}

/** The delivery log purge on a real PostgreSQL: what it deletes, what it keeps, and the counts that survive it. */
describe('the delivery log purge', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let purge: DeliveryLogPurgeTask;
  let broadcasts: BroadcastsService;

  beforeAll(async () => {
    db = await createTestDatabase('notifications_delivery_log');
    const key = randomBytes(32).toString('base64');
    const config = appConfigSchema.parse({
      DATABASE_URL: db.url,
      KAFKA_BROKERS: 'localhost:9092',
      INTERNAL_ASSERTION_PUBLIC_KEY: key,
      PSEUDONYM_KEY: key,
      SMTP_URL: 'smtp://localhost:1025',
      PUBLIC_ORIGIN: 'https://app.sargs.example',
      SECRET_SEALING_KEY: key,
      UNSUBSCRIBE_TOKEN_KEY: key,
      DELIVERY_LOG_RETENTION_DAYS: '30',
    });
    expect(config.DELIVERY_LOG_RETENTION_DAYS).toBe(30);
    dataSource = new DataSource(
      postgresDataSourceOptions({
        url: db.url,
        applicationName: 'notifications-delivery-log-test',
        entities: [...PLATFORM_ENTITIES, ...NOTIFICATIONS_ENTITIES],
        migrations: [...PLATFORM_MIGRATIONS, ...NOTIFICATIONS_MIGRATIONS],
      }),
    );
    await dataSource.initialize();
    await runMigrations(dataSource);
    purge = new DeliveryLogPurgeTask(config, new OutgoingMailRepository(dataSource), createLogger({ service: 'notifications-test', level: 'silent' }));
    // The service only wakes the fan-out and records audit entries when creating a broadcast; status() and list() never do.
    const fanout = { wake: () => undefined } as unknown as BroadcastFanout;
    const audit = { record: () => Promise.reject(new Error('no audit entry expected here')) } as unknown as AuditRecorder;
    broadcasts = new BroadcastsService(dataSource, fanout, audit, new BroadcastRepository(dataSource), new OrganizationManagerRepository());
  });

  afterAll(async () => {
    await dataSource?.destroy().catch(() => undefined);
    await db?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE outgoing_mail, broadcast');
  });

  /** An incident whose fan-out is done, with `skipped` listed accounts that were never queued. */
  async function incident(skipped = 0): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO broadcast (id, kind, category, template, audience, content, fanout_completed_at, skipped_at_fanout)
       VALUES ($1, 'incident', 'security', 'security-incident', 'listed', $2, now() - interval '41 days', $3)`,
      [id, JSON.stringify({ title: 'Incident', message: { lv: 'Ziņa', en: 'Message' } }), skipped],
    );
    return id;
  }

  const FINISHED_AGO: Record<Age, string | null> = { old: '40 days', recent: '1 day', unfinished: null };

  /** Queue rows as the sender leaves them: finished `sent`/`failed`/`cancelled` rows have a finished_at, the rest none. */
  async function seed(broadcastId: string | null, age: Age, status: MailStatus, count: number): Promise<Seeded[]> {
    const rows: Seeded[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const accountId = randomUUID();
      const ago = FINISHED_AGO[age];
      await dataSource.query(
        `INSERT INTO outgoing_mail (id, dedupe_key, account_id, category, template, broadcast_id, status, attempts, last_error, created_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8,
                 now() - interval '45 days',
                 CASE WHEN $9::text IS NULL THEN NULL ELSE now() - $9::interval END)`,
        [
          id,
          broadcastId ? `broadcast:${broadcastId}:${accountId}` : `${randomUUID()}:password-changed`,
          accountId,
          broadcastId ? 'security' : 'transactional',
          broadcastId ? 'security-incident' : 'password-changed',
          broadcastId,
          status,
          status === 'failed' ? 'smtp-550' : status === 'cancelled' ? 'closed' : null,
          ago,
        ],
      );
      rows.push({ id, status, age, broadcastId });
    }
    return rows;
  }

  /** Two incidents and some single mail, old, recent and unfinished, in every state. */
  async function seedLog(): Promise<{ incidentId: string; recentOnlyId: string; rows: Seeded[] }> {
    const incidentId = await incident(2);
    const recentOnlyId = await incident();
    const rows = [
      ...(await seed(incidentId, 'old', 'sent', 4)),
      ...(await seed(incidentId, 'old', 'failed', 2)),
      ...(await seed(incidentId, 'old', 'cancelled', 3)),
      ...(await seed(incidentId, 'recent', 'sent', 2)),
      ...(await seed(incidentId, 'recent', 'failed', 1)),
      ...(await seed(incidentId, 'recent', 'cancelled', 1)),
      ...(await seed(incidentId, 'unfinished', 'pending', 2)),
      ...(await seed(incidentId, 'unfinished', 'sending', 1)),
      ...(await seed(recentOnlyId, 'recent', 'sent', 2)),
      ...(await seed(recentOnlyId, 'unfinished', 'pending', 1)),
      ...(await seed(null, 'old', 'sent', 2)),
      ...(await seed(null, 'old', 'failed', 1)),
      ...(await seed(null, 'old', 'cancelled', 1)),
      ...(await seed(null, 'recent', 'sent', 1)),
      ...(await seed(null, 'unfinished', 'pending', 1)),
    ];
    return { incidentId, recentOnlyId, rows };
  }

  const remainingIds = async (): Promise<string[]> =>
    ((await dataSource.query('SELECT id FROM outgoing_mail ORDER BY id')) as { id: string }[]).map((r) => r.id);

  const archived = async (id: string) =>
    ((await dataSource.query('SELECT archived_notified, archived_failed, archived_skipped FROM broadcast WHERE id = $1', [id])) as Record<string, number>[])[0];

  it('deletes exactly the finished rows older than the retention, and leaves pending and recent ones', async () => {
    const { rows } = await seedLog();
    const old = rows.filter((r) => r.age === 'old');

    expect(await purge.purge()).toBe(old.length);

    const kept = rows.filter((r) => r.age !== 'old').map((r) => r.id).sort();
    expect(await remainingIds()).toEqual(kept);
  });

  it('keeps unfinished rows however old they are', async () => {
    const incidentId = await incident();
    // A retried mail that once had a finish time recorded, and one claimed long ago.
    const stale = [...(await seed(incidentId, 'old', 'pending', 1)), ...(await seed(incidentId, 'old', 'sending', 1))];
    await dataSource.query(`UPDATE outgoing_mail SET next_attempt_at = now() - interval '40 days', claimed_at = now() - interval '40 days'`);

    expect(await purge.purge()).toBe(0);
    expect(await remainingIds()).toEqual(stale.map((r) => r.id).sort());
  });

  it("reports the same broadcast totals before and after the purge, from the broadcast's archived counts", async () => {
    const { incidentId, recentOnlyId } = await seedLog();
    const before = await broadcasts.status(incidentId, 'incident');
    const recentOnlyBefore = await broadcasts.status(recentOnlyId, 'incident');
    expect(before).toMatchObject({ notified: 6, failed: 3, skipped: 2 + 4, pending: 3, queuedAll: true });

    // The staff list counts each incident exactly as its status does.
    const listed = async () => (await broadcasts.list('incident', broadcastListQuery.parse({}))).rows.map(({ id, notified, pending, failed, skipped }) => ({ id, notified, pending, failed, skipped }));
    const countsOf = ({ id, notified, pending, failed, skipped }: typeof before) => ({ id, notified, pending, failed, skipped });
    expect(await listed()).toEqual([countsOf(recentOnlyBefore), countsOf(before)]);

    await purge.purge();

    expect(await broadcasts.status(incidentId, 'incident')).toEqual(before);
    expect(await broadcasts.status(recentOnlyId, 'incident')).toEqual(recentOnlyBefore);
    expect(await listed()).toEqual([countsOf(recentOnlyBefore), countsOf(before)]);
    expect(await archived(incidentId)).toEqual({ archived_notified: 4, archived_failed: 2, archived_skipped: 3 });
    expect(await archived(recentOnlyId)).toEqual({ archived_notified: 0, archived_failed: 0, archived_skipped: 0 });
  });

  it('is idempotent: a second purge deletes nothing and counts nothing twice', async () => {
    const { incidentId, rows } = await seedLog();
    const before = await broadcasts.status(incidentId, 'incident');

    expect(await purge.purge()).toBe(rows.filter((r) => r.age === 'old').length);
    const afterFirst = await remainingIds();
    const archivedAfterFirst = await archived(incidentId);

    expect(await purge.purge()).toBe(0);
    expect(await remainingIds()).toEqual(afterFirst);
    expect(await archived(incidentId)).toEqual(archivedAfterFirst);
    expect(await broadcasts.status(incidentId, 'incident')).toEqual(before);
  });

  it('purges rows as they age out, adding to what earlier purges archived', async () => {
    const { incidentId } = await seedLog();
    const before = await broadcasts.status(incidentId, 'incident');
    await purge.purge();

    // A day's rows pass the retention: the next purge takes them and keeps the totals.
    await dataSource.query(`UPDATE outgoing_mail SET finished_at = now() - interval '31 days' WHERE finished_at > now() - interval '2 days'`);
    expect(await purge.purge()).toBe(2 + 1 + 1 + 2 + 1);

    expect(await broadcasts.status(incidentId, 'incident')).toEqual(before);
    expect(await archived(incidentId)).toEqual({ archived_notified: 6, archived_failed: 3, archived_skipped: 4 });
    const left: { status: string }[] = await dataSource.query('SELECT status FROM outgoing_mail ORDER BY status');
    expect(left.map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'sending']);
  });
});
