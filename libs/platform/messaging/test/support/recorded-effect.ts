import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Column, Entity, PrimaryGeneratedColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { AccountRegistered, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern, PoisonMessageError } from '../../src';
import { currentCorrelationId } from '@sargs/platform/observability';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * A consumer's observable effect: one row per handled event, in the order handled. No unique
 * constraint on purpose, so a second effect for one event would show up as a second row.
 */
@Entity({ name: 'recorded_effect' })
export class RecordedEffect {
  @NotPersonalData('handling order')
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @NotPersonalData('event id')
  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @DataSubjectId()
  @Column({ name: 'subject_id', type: 'varchar', length: 100 })
  subjectId!: string;

  @PersonalData({ purpose: 'test fixture', retention: 'test run', onErasure: 'erase' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @NotPersonalData('the correlation id the handler ran under')
  @Column({ name: 'correlation_id', type: 'varchar', length: 200, nullable: true })
  correlationId!: string | null;

  @NotPersonalData('where the event was read from')
  @Column({ type: 'int', nullable: true })
  partition!: number | null;

  @NotPersonalData('where the event was read from')
  @Column({ name: 'kafka_offset', type: 'bigint', nullable: true })
  kafkaOffset!: string | null;
}

export class RecordedEffectTable1764064900000 implements MigrationInterface {
  name = 'RecordedEffectTable1764064900000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "recorded_effect" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL,
      "subject_id" character varying(100) NOT NULL, "name" character varying(200) NOT NULL,
      "correlation_id" character varying(200), "partition" integer, "kafka_offset" bigint,
      CONSTRAINT "PK_recorded_effect" PRIMARY KEY ("id"))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "recorded_effect"`);
  }
}

/** Names that make the recorder fail, to exercise retries and dead letters. */
export const POISON_NAME = 'poison';
export const FLAKY_NAME_PREFIX = 'flaky-once';

@Controller()
export class EffectRecorder {
  private readonly failedOnce = new Set<string>();

  @EventPattern(AccountRegistered)
  async record(@Payload() event: EventFrom<typeof AccountRegistered>, @Ctx() context: EventContext): Promise<void> {
    const { name } = event.payload;
    if (name === POISON_NAME) throw new PoisonMessageError('the fixture refuses this name');
    const { partition, offset } = context.getMessage();
    await context.getManager().insert(RecordedEffect, { eventId: event.eventId, subjectId: event.subjectId, name, correlationId: currentCorrelationId() ?? null, partition, kafkaOffset: offset });
    if (name.startsWith(FLAKY_NAME_PREFIX) && !this.failedOnce.has(event.eventId)) {
      this.failedOnce.add(event.eventId);
      throw new Error('transient failure after the insert: the insert must roll back');
    }
  }
}

export const RECORDER_FIXTURE = {
  entities: [RecordedEffect],
  migrations: [RecordedEffectTable1764064900000],
  controllers: [EffectRecorder],
};
