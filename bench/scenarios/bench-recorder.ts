import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Entity, PrimaryColumn, type DataSource, type EntitySubscriberInterface, type MigrationInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { AccountRegistered, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { NotPersonalData } from '@sargs/platform/privacy';

/** The benchmark consumer's effect; `effect_at` (set by the database) is when it was written. */
@Entity({ name: 'bench_effect' })
export class BenchEffect {
  @NotPersonalData('event id')
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;
}

export class BenchEffectTable1764065200000 implements MigrationInterface {
  name = 'BenchEffectTable1764065200000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "bench_effect" ("event_id" uuid NOT NULL,
      "effect_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_bench_effect" PRIMARY KEY ("event_id"))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "bench_effect"`);
  }
}

/** When one event passed the consumer's stages, in ms since the epoch (this machine's one clock). */
export interface ConsumerTiming {
  eventId: string;
  /** The Kafka record's timestamp: when the relay's producer sent it. */
  sentAt: number;
  /** When the handler was called: fetched, validated, inbox record written. */
  handledAt: number;
  /** When the transaction holding the effect had committed. */
  committedAt: number;
}

const PENDING = 'benchPendingTimings';
type Pending = Omit<ConsumerTiming, 'committedAt'>[];

/**
 * Collects each event's consumer-side timestamps; the commit's comes from TypeORM's
 * after-commit hook, so "effect" means committed, not merely written.
 */
export class ConsumerTimings implements EntitySubscriberInterface {
  private readonly done: ConsumerTiming[] = [];

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  handled(queryRunner: QueryRunner | undefined, eventId: string, sentAt: number): void {
    if (!queryRunner) throw new Error('the bench recorder runs inside the inbox transaction');
    ((queryRunner.data[PENDING] as Pending | undefined) ?? (queryRunner.data[PENDING] = [])).push({ eventId, sentAt, handledAt: Date.now() });
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const pending = event.queryRunner.data[PENDING] as Pending | undefined;
    if (!pending || event.queryRunner.isTransactionActive) return;
    const committedAt = Date.now();
    for (const p of pending) this.done.push({ ...p, committedAt });
    delete event.queryRunner.data[PENDING];
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) delete event.queryRunner.data[PENDING];
  }

  /** Everything collected so far, and forgets it. */
  take(): ConsumerTiming[] {
    return this.done.splice(0);
  }
}

@Controller()
export class BenchRecorder {
  constructor(private readonly timings: ConsumerTimings) {}

  @EventPattern(AccountRegistered)
  async record(@Payload() event: EventFrom<typeof AccountRegistered>, @Ctx() context: EventContext): Promise<void> {
    const manager = context.getManager();
    this.timings.handled(manager.queryRunner, event.eventId, Number(context.getMessage().timestamp));
    await manager.insert(BenchEffect, { eventId: event.eventId });
  }
}
