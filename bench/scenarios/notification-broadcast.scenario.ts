import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { PolicyPublished, PRIVACY_POLICY_SUBJECT } from '@sargs/contracts';
import { findFreePort, serviceEnv, spawnNodeProcess, startMailDev, type AppProcess, type MailDev } from '@sargs/devstack';
import { createTestDatabase, startTestService, type TestDatabase, type TestService } from '@sargs/testing';
import { appConfigSchema } from '../../apps/notifications/src/config/app-config';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { round } from '../support/percentile';
import { ready, startApp } from '../support/platform-under-bench';
import { cpuSeconds, cpuWindow, rssMb, sampleMemory } from '../support/process-stats';
import type { Figure, Scenario } from '../support/scenario';

const root = path.resolve(__dirname, '../..');

function positiveIntEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not ${JSON.stringify(raw)}`);
  return value;
}

/** Accounts the notice goes to (BENCH_NOTICE_RECIPIENTS). */
const RECIPIENTS = positiveIntEnv('BENCH_NOTICE_RECIPIENTS', 100_000);
/** Length of the measured delivery window (BENCH_NOTICE_SEND_SECONDS). */
const SEND_SECONDS = positiveIntEnv('BENCH_NOTICE_SEND_SECONDS', 30);
/** The bare loop fills MailDev some 6 times faster than the service: longer than this and MailDev chokes on its own store. */
const BARE_SECONDS = Math.min(SEND_SECONDS, 30);
/** notifications' MAIL_RATE_PER_SECOND: its default unless BENCH_NOTICE_MAIL_RATE says otherwise. */
const MAIL_RATE_OVERRIDE = process.env.BENCH_NOTICE_MAIL_RATE || undefined;
const MAIL_RATE = appConfigSchema.shape.MAIL_RATE_PER_SECOND.parse(MAIL_RATE_OVERRIDE);
/** notifications' default pool; the bare loop uses the same, with the sender's 2 x connections in flight. */
const SMTP_CONNECTIONS = appConfigSchema.shape.SMTP_MAX_CONNECTIONS.parse(undefined);
const IN_FLIGHT = SMTP_CONNECTIONS * 2;

const QUEUED_TARGET_SECONDS = 60;
const RATE_TARGET = 200;
const RSS_TARGET_MB = 300;
/** Sending that has just begun (pool connections opening, JIT) is not counted. */
const SEND_WARM_UP_MS = 2_000;
const BARE_WARM_UP_SECONDS = 3;
const POLL_MS = 1_000;
const PROGRESS_EVERY_MS = 5_000;
const CONSUMED_TIMEOUT_MS = 60_000;
const QUEUED_TIMEOUT_MS = 600_000;
const SENDING_TIMEOUT_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Steps that undo what was started, run last-first; each runs whatever the others do. */
class Cleanup {
  private readonly steps: { what: string; step: () => unknown }[] = [];

  add(what: string, step: () => unknown): void {
    this.steps.push({ what, step });
  }

  async run(): Promise<void> {
    for (const { what, step } of this.steps.reverse()) {
      try {
        await step();
      } catch (err) {
        console.error(`notification-broadcast clean-up, ${what}: ${(err as Error).message}`);
      }
    }
  }
}

/**
 * Empties MailDev. Only while no mail is on its way in: MailDev 2.2.1 deletes the .eml files of
 * mails it is still receiving, then throws ENOENT from fs.statSync in saveEmailToStore
 * (lib/mailserver.js) and exits. So it is emptied between the phases, not during them.
 */
async function emptyMailDev(mailDev: MailDev): Promise<void> {
  const response = await fetch(`${mailDev.webUrl}/email/all`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`DELETE /email/all on MailDev answered ${response.status}`);
}

interface BareLoop {
  mailsPerSecond: number;
  mails: number;
  loopCpu: number;
  mailDevCpu: number;
}

/** The ceiling: a bare pooled nodemailer loop in a child process, to the same MailDev, same pool and concurrency. */
async function bareNodemailerLoop(mailDev: MailDev): Promise<BareLoop> {
  const child = spawnNodeProcess('nodemailer-loop', ['-r', '@swc-node/register', path.join(__dirname, 'nodemailer-loop.process.ts')], {
    env: {
      BENCH_SMTP_URL: mailDev.smtpUrl,
      BENCH_MAX_CONNECTIONS: String(SMTP_CONNECTIONS),
      BENCH_CONCURRENCY: String(IN_FLIGHT),
      BENCH_WARM_UP_SECONDS: String(BARE_WARM_UP_SECONDS),
      BENCH_SECONDS: String(BARE_SECONDS),
    },
    keepChars: 8000,
  });
  try {
    // MailDev's CPU over the counted part: from the loop's "measuring" line to its result.
    let mailDevCpu = Number.NaN;
    let mailDevCpuAt: { cpu: number; at: number } | undefined;
    child.child.stdout?.on('data', (d: Buffer) => {
      const text = d.toString();
      if (text.includes('measuring')) mailDevCpuAt = { cpu: cpuSeconds(mailDev.pid), at: Date.now() };
      if (text.includes('"mails"') && mailDevCpuAt) mailDevCpu = ((cpuSeconds(mailDev.pid) - mailDevCpuAt.cpu) / ((Date.now() - mailDevCpuAt.at) / 1000)) * 100;
    });
    const { code } = await child.exited();
    if (code !== 0) throw new Error(`the nodemailer loop exited with ${code}:\n${child.output()}`);
    const result = JSON.parse(child.stdout().trim().split('\n').pop() as string) as { mails: number; seconds: number; failures: number; cpuPercent: number };
    if (result.failures > 0 || result.mails === 0) throw new Error(`the nodemailer loop sent ${result.mails} mails and had ${result.failures} failures:\n${child.output()}`);
    return { mailsPerSecond: result.mails / result.seconds, mails: result.mails, loopCpu: result.cpuPercent, mailDevCpu };
  } finally {
    await child.stop();
  }
}

/** The directory as identity's and profile's events would have built it: verified, open, signed up yesterday. */
async function seedRecipients(pg: Client, count: number): Promise<void> {
  await pg.query(
    `INSERT INTO recipient (account_id, email, name, language, email_verified, registered_at, email_at, profile_at)
     SELECT gen_random_uuid(), 'bench-' || n || '@example.test', 'Bench Person ' || n, CASE WHEN n % 2 = 0 THEN 'lv' ELSE 'en' END,
            true, now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
       FROM generate_series(1, $1::int) n`,
    [count],
  );
  // A directory that grew over time has statistics and a visibility map; a fresh bulk insert has neither.
  await pg.query('VACUUM (ANALYZE) recipient');
}

interface Progress {
  broadcastId: string;
  broadcastCreatedMs: number;
  queuedMs: number;
  queued: number;
  window: { fromMs: number; toMs: number; sent: number };
  sentWhileQueueing: { sent: number; seconds: number };
  cpu: { notifications: number; mailDev: number; machine: number };
}

/**
 * Follows the broadcast in notifications' database until every recipient is queued and the
 * delivery window is over. Queued time is the fan-out's own completion stamp against the commit
 * of the publish (one machine, one clock); the delivery rate is the growth of `sent` over the window.
 */
async function follow(pg: Client, app: AppProcess, mailDev: MailDev, version: string, publishedMs: number): Promise<Progress> {
  const pid = app.child.pid as number;
  let broadcast: { id: string; createdMs: number } | undefined;
  let completed: { atMs: number; queued: number } | undefined;
  let firstSentAt: number | undefined;
  let start: { at: number; sent: number } | undefined;
  let end: { at: number; sent: number } | undefined;
  let sentAtCompletion: { at: number; sent: number } | undefined;
  let cpu: ReturnType<typeof cpuWindow> | undefined;
  let cpuResult: Progress['cpu'] | undefined;
  let lastProgress = Date.now();

  while (!(completed && end)) {
    await sleep(POLL_MS);
    if (!app.running()) throw new Error(`notifications exited:\n${app.output()}`);
    const now = Date.now();
    if (!broadcast) {
      const { rows } = await pg.query<{ id: string; at: string }>(`SELECT id, extract(epoch FROM created_at) * 1000 AS at FROM broadcast WHERE dedupe_key = $1`, [`policy:${version}`]);
      if (rows[0]) {
        broadcast = { id: rows[0].id, createdMs: Number(rows[0].at) };
        console.log(`broadcast ${broadcast.id} created ${round((broadcast.createdMs - publishedMs) / 1000, 2)} s after the publish`);
      } else if (now - publishedMs > CONSUMED_TIMEOUT_MS) {
        throw new Error(`notifications made no broadcast of PolicyPublished ${version} within ${CONSUMED_TIMEOUT_MS / 1000} s:\n${app.output()}`);
      }
      continue;
    }
    if (!completed) {
      const { rows } = await pg.query<{ at: string | null; queued: string }>(
        `SELECT extract(epoch FROM fanout_completed_at) * 1000 AS at, (SELECT count(*) FROM outgoing_mail WHERE broadcast_id = $1) AS queued
           FROM broadcast WHERE id = $1`,
        [broadcast.id],
      );
      if (rows[0].at !== null) {
        completed = { atMs: Number(rows[0].at), queued: Number(rows[0].queued) };
        if (completed.queued !== RECIPIENTS) throw new Error(`the fan-out finished with ${completed.queued} mails queued for ${RECIPIENTS} recipients`);
        console.log(`all ${completed.queued} queued ${round((completed.atMs - publishedMs) / 1000, 2)} s after the publish`);
      } else if (now - publishedMs > QUEUED_TIMEOUT_MS) {
        throw new Error(`the fan-out had queued ${rows[0].queued} of ${RECIPIENTS} after ${QUEUED_TIMEOUT_MS / 1000} s`);
      }
    }
    const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM outgoing_mail WHERE broadcast_id = $1 AND status = 'sent'`, [broadcast.id]);
    const sent = Number(rows[0].n);
    const at = Date.now();
    if (completed && !sentAtCompletion) sentAtCompletion = { at, sent };
    if (sent > 0 && firstSentAt === undefined) firstSentAt = at;
    if (firstSentAt === undefined && at - broadcast.createdMs > SENDING_TIMEOUT_MS) throw new Error(`notifications sent nothing within ${SENDING_TIMEOUT_MS / 1000} s of the broadcast:\n${app.output()}`);
    if (firstSentAt !== undefined && !start && at >= firstSentAt + SEND_WARM_UP_MS) {
      start = { at, sent };
      cpu = cpuWindow([pid, mailDev.pid]);
    }
    if (start && !end && (at >= start.at + SEND_SECONDS * 1000 || sent >= RECIPIENTS)) {
      end = { at, sent };
      const used = (cpu as ReturnType<typeof cpuWindow>).stop();
      cpuResult = { notifications: used.perPid.get(pid) as number, mailDev: used.perPid.get(mailDev.pid) as number, machine: used.machine };
    }
    if (at - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = at;
      console.log(`  ${round((at - publishedMs) / 1000)} s: ${completed ? 'all' : 'not all'} queued, ${sent} sent, notifications RSS ${round(rssMb(pid))} MB`);
    }
  }
  const queueingFrom = firstSentAt ?? completed.atMs;
  const upTo = sentAtCompletion as { at: number; sent: number };
  return {
    broadcastId: (broadcast as { id: string }).id,
    broadcastCreatedMs: (broadcast as { createdMs: number }).createdMs,
    queuedMs: completed.atMs,
    queued: completed.queued,
    window: { fromMs: (start as { at: number }).at, toMs: end.at, sent: end.sent - (start as { sent: number }).sent },
    sentWhileQueueing: { sent: upTo.sent, seconds: Math.max(0, upTo.at - queueingFrom) / 1000 },
    cpu: cpuResult as Progress['cpu'],
  };
}

/** That a mail the service marked sent is in MailDev, as a reader would see it. */
async function assertDelivered(pg: Client, mailDev: MailDev, broadcastId: string): Promise<void> {
  const { rows } = await pg.query<{ email: string }>(
    `SELECT r.email FROM outgoing_mail m JOIN recipient r ON r.account_id = m.account_id WHERE m.broadcast_id = $1 AND m.status = 'sent' LIMIT 1`,
    [broadcastId],
  );
  const response = await fetch(`${mailDev.webUrl}/email?${new URLSearchParams({ 'to.address': rows[0].email })}`);
  const mails = (await response.json()) as { headers: Record<string, string> }[];
  if (!mails.some((m) => m.headers['x-sargs-template'] === 'policy-changed')) throw new Error(`MailDev holds no policy notice to ${rows[0].email}, which notifications marked sent`);
}

async function problems(pg: Client, broadcastId: string): Promise<number> {
  const { rows } = await pg.query<{ status: string; last_error: string | null; n: string }>(
    `SELECT status, last_error, count(*) AS n FROM outgoing_mail
      WHERE broadcast_id = $1 AND (status IN ('failed', 'cancelled') OR last_error IS NOT NULL) GROUP BY 1, 2`,
    [broadcastId],
  );
  for (const r of rows) console.log(`  ${r.n} mails ${r.status} (${r.last_error ?? 'no code'})`);
  return rows.reduce((sum, r) => sum + Number(r.n), 0);
}

export const notificationBroadcastScenario: Scenario = {
  name: 'notification-broadcast',
  description: `a policy notice to ${RECIPIENTS.toLocaleString('en')} accounts: time until all are queued, delivery rate to a local MailDev over ${SEND_SECONDS} s against a bare nodemailer loop, and notifications' peak memory`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const cleanup = new Cleanup();
    try {
      const run = randomUUID().slice(0, 8);
      const dir = path.join(root, '.data', `bench-notice-${process.pid}-${run}`);
      mkdirSync(dir, { recursive: true });
      cleanup.add('removing its directory', () => rmSync(dir, { recursive: true, force: true }));
      const mailDev = await startMailDev({ smtpPort: await findFreePort(), webPort: await findFreePort(), mailDir: path.join(dir, 'mail'), logFile: path.join(dir, 'maildev.log') });
      cleanup.add('stopping MailDev', () => mailDev.stop());

      // The ceiling first, with nothing else sending; then MailDev is emptied for the service.
      const bare = await bareNodemailerLoop(mailDev);
      console.log(`bare nodemailer loop: ${bare.mails} mails, ${round(bare.mailsPerSecond)}/s; CPU: loop ${round(bare.loopCpu)}%, MailDev ${round(bare.mailDevCpu)}% of a core`);
      await emptyMailDev(mailDev);

      const databases: TestDatabase[] = [];
      cleanup.add('dropping its databases', () => Promise.all(databases.map((db) => db.drop())));
      const notificationsDb = await createTestDatabase('bench_notifications');
      databases.push(notificationsDb);
      const publisherDb = await createTestDatabase('bench_policy_publisher');
      databases.push(publisherDb);

      // What consent does when a policy version is published: PolicyPublished through an outbox.
      const publisher: TestService = await startTestService({ name: `bench-policy-publisher-${run}`, databaseUrl: publisherDb.url, kafka: infra.kafka });
      cleanup.add('closing the publisher', () => publisher.close());

      const [port, managementPort] = [await findFreePort(), await findFreePort()];
      const { secrets } = infra.infra;
      await infra.startFromNow(['notifications']);
      const app = startApp('notifications', {
        ...serviceEnv('notifications', { databaseUrl: notificationsDb.url, kafkaBrokers: infra.infra.kafkaBrokers, kafkaCredentials: infra.infra.kafkaCredentials('notifications'), secrets, smtpUrl: mailDev.smtpUrl, port, managementPort }),
        ...(MAIL_RATE_OVERRIDE ? { MAIL_RATE_PER_SECOND: MAIL_RATE_OVERRIDE } : {}),
      });
      cleanup.add('stopping notifications', () => app.stop());
      const memory = sampleMemory(app.child.pid as number);
      cleanup.add('stopping the memory sampler', () => memory.stop());
      await ready(app, `http://127.0.0.1:${managementPort}`);
      const idleMb = rssMb(app.child.pid as number);

      const pg = new Client({ connectionString: notificationsDb.url });
      await pg.connect();
      cleanup.add('closing the database connection', () => pg.end());
      const seedStarted = Date.now();
      await seedRecipients(pg, RECIPIENTS);
      console.log(`seeded ${RECIPIENTS} recipients in ${round((Date.now() - seedStarted) / 1000, 2)} s; notifications idle RSS ${round(idleMb)} MB`);

      const version = `bench-${run}`;
      await publisher.dataSource.transaction((manager) =>
        publisher.publisher.publish(manager, PolicyPublished, PRIVACY_POLICY_SUBJECT, {
          version,
          publishedAt: new Date().toISOString(),
          languages: ['lv', 'en'],
          sha256: { lv: '0'.repeat(64), en: '1'.repeat(64) },
        }),
      );
      const publishedMs = Date.now();
      const progress = await follow(pg, app, mailDev, version, publishedMs);
      const peakMb = memory.peakMb();
      await assertDelivered(pg, mailDev, progress.broadcastId);
      const failed = await problems(pg, progress.broadcastId);

      const windowSeconds = (progress.window.toMs - progress.window.fromMs) / 1000;
      const rate = progress.window.sent / windowSeconds;
      const { sent: sentEarly, seconds: earlySeconds } = progress.sentWhileQueueing;
      console.log(
        `delivery: ${progress.window.sent} sent in ${round(windowSeconds, 2)} s (${round(rate)}/s, MAIL_RATE_PER_SECOND ${MAIL_RATE}); ` +
          `while queueing ${sentEarly} in ${round(earlySeconds, 1)} s; CPU while sending: notifications ${round(progress.cpu.notifications)}%, ` +
          `MailDev ${round(progress.cpu.mailDev)}%, whole machine ${round(progress.cpu.machine)}% (one core = 100%)`,
      );
      const bareBaseline = { name: `bare nodemailer loop, pool ${SMTP_CONNECTIONS}, ${IN_FLIGHT} in flight, same MailDev`, value: round(bare.mailsPerSecond) };
      return [
        { name: 'recipients', value: progress.queued, unit: 'mails queued' },
        { name: 'publish to broadcast created (part of the next)', value: round((progress.broadcastCreatedMs - publishedMs) / 1000, 2), unit: 's' },
        { name: 'publish to all queued', value: round((progress.queuedMs - publishedMs) / 1000, 2), unit: 's', target: { op: '<', value: QUEUED_TARGET_SECONDS } },
        { name: `delivery rate (${SEND_SECONDS} s window)`, value: round(rate), unit: 'mails/s', target: { op: '>=', value: RATE_TARGET }, baseline: bareBaseline },
        { name: 'configured MAIL_RATE_PER_SECOND', value: MAIL_RATE, unit: 'mails/s' },
        { name: 'delivery rate / bare nodemailer loop', value: round((rate / bare.mailsPerSecond) * 100), unit: '%' },
        { name: 'delivery rate / configured rate', value: round((rate / MAIL_RATE) * 100), unit: '%' },
        { name: 'mails failed, cancelled or retried', value: failed, unit: 'mails' },
        { name: 'notifications peak RSS', value: round(peakMb), unit: 'MB', target: { op: '<', value: RSS_TARGET_MB }, baseline: { name: 'same process idle after start-up', value: round(idleMb) } },
        { name: 'notifications CPU while sending', value: round(progress.cpu.notifications), unit: '% of a core' },
        { name: 'MailDev CPU while notifications sends', value: round(progress.cpu.mailDev), unit: '% of a core', baseline: { name: 'under the bare loop', value: round(bare.mailDevCpu) } },
      ];
    } finally {
      await cleanup.run();
    }
  },
};
