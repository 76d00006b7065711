import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dedicatedClientConfig } from '@sargs/platform/database';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { KafkaConnection } from './kafka-connection';
import { outboxRelayed, outboxRelayErrors } from './messaging-metrics';
import { MESSAGING_OPTIONS, OUTBOX_NOTIFY_CHANNEL, type MessagingOptions } from './messaging-options';
import { retryDelayMs } from './retry-backoff';

/** One relay per service publishes at a time, so per-key order holds with several instances. */
const RELAY_LOCK_KEY = 727_002;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  envelope: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Sends committed outbox rows to Kafka in commit order and marks them sent. Woken right after a
 * publishing transaction commits (OutboxCommitHook): in this process directly, from another
 * instance of the service by a NOTIFY; polling is the fallback. A broker outage leaves rows
 * waiting, never lost.
 *
 * Its queries run on its own connection, the one holding the leadership lock: a busy service's
 * pool would make every pass queue behind the requests (and a pass on a lost connection fails
 * instead of relaying without the lock).
 */
@Injectable()
export class OutboxRelay {
  private client?: Client;
  private isLeader = false;
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A NOTIFY that came while a pass was running: the next wait must not sleep through it. */
  private notified = false;
  private failures = 0;
  private marking: Promise<unknown> = Promise.resolve();
  /** A NOTIFY to the leader is on its way; `notifyAgain`: commits came meanwhile, send one more. */
  private notifying = false;
  private notifyAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopping = false;
    this.loop ??= this.run();
  }

  /**
   * A transaction that wrote outbox rows has committed in this process. The leader is woken at
   * once; otherwise the leader (another instance) hears a NOTIFY. That NOTIFY is its own tiny
   * transaction with synchronous_commit off: PostgreSQL's notify lock is then held for no fsync,
   * and a lost notification only waits for the poll. Commits during one NOTIFY share the next.
   */
  committed(): void {
    if (this.isLeader) {
      this.notified = true;
      this.wake?.();
      return;
    }
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.dataSource
      .query(`SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')`, [OUTBOX_NOTIFY_CHANNEL])
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (!this.notifyAgain) return;
        this.notifyAgain = false;
        this.committed();
      });
  }

  /** Finishes the batch in flight, releases the leadership and closes the listener. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.marking;
    await this.dropClient();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!this.isLeader && !(await this.tryLead())) {
          await this.waitForWake(this.options.outboxPollIntervalMs * 5);
          continue;
        }
        const sent = await this.relayBatch();
        this.failures = 0;
        if (sent < this.options.outboxBatchSize) await this.waitForWake(this.options.outboxPollIntervalMs);
      } catch (err) {
        this.failures += 1;
        outboxRelayErrors.inc();
        this.logger.warn({ err: { message: (err as Error).message }, attempt: this.failures }, 'outbox relay pass failed; rows wait');
        await this.waitForWake(retryDelayMs(this.failures, 200, 10_000), false);
      }
    }
  }

  private async tryLead(): Promise<boolean> {
    if (!this.client) {
      const client = new Client(dedicatedClientConfig(this.dataSource, `${this.options.serviceName}-relay`));
      client.on('error', () => void this.dropClient());
      client.on('notification', () => {
        this.notified = true;
        this.wake?.();
      });
      await client.connect();
      // What this connection writes is only the sent marks: one lost in a crash means a resend,
      // which the consumers' inbox absorbs, so a mark need not wait for its fsync.
      await client.query(`SET synchronous_commit = off`);
      // The table's statistics see few unsent rows, so the planner picks a bitmap scan for the
      // select; a bitmap scan visits every dead entry the marks left in the unsent index, pass
      // after pass, and sorts. An index scan stops at the batch and marks dead entries as it
      // passes them, so the next pass skips them (7.7 ms per pass at 1,000 events/s before).
      await client.query(`SET enable_bitmapscan = off`);
      await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
      this.client = client;
    }
    const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY]);
    this.isLeader = rows[0]?.locked === true;
    if (this.isLeader) this.logger.info('outbox relay is the leader for this service');
    return this.isLeader;
  }

  private async relayBatch(): Promise<number> {
    const client = this.client;
    if (!client) throw new Error('the relay lost its connection');
    const { rows } = await client.query<OutboxRow>(
      `SELECT id, topic, message_key, envelope, headers FROM outbox_message WHERE sent_at IS NULL ORDER BY id LIMIT $1`,
      [this.options.outboxBatchSize],
    );
    if (rows.length === 0) return 0;
    await this.kafka.send(
      rows.map((r) => ({ topic: r.topic, key: r.message_key, value: JSON.stringify(r.envelope), headers: r.headers })),
    );
    for (const r of rows) outboxRelayed.inc({ topic: r.topic });
    this.markSent(client, rows.map((r) => r.id));
    return rows.length;
  }

  /**
   * Marks rows sent without waiting for it: the connection runs its queries in turn, so the next
   * pass's select comes after the mark and never sees these rows unsent. A failed mark only means
   * they are sent again, which the consumers' inbox absorbs.
   */
  private markSent(client: Client, ids: string[]): void {
    // In turn on one connection: once the latest mark has settled, every earlier one has.
    this.marking = client
      .query(`UPDATE outbox_message SET sent_at = now() WHERE id = ANY($1::bigint[])`, [ids])
      .catch((err: Error) => this.logger.warn({ err: { message: err.message } }, 'marking relayed outbox rows failed; they will be sent again'));
  }

  /** Resolves on a NOTIFY, on stop, or after `ms`. */
  private waitForWake(ms: number, wakeable = true): Promise<void> {
    if (this.stopping || (wakeable && this.notified)) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.notified = false;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = wakeable ? done : () => this.stopping && done();
    });
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.isLeader = false;
    if (!client) return;
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

