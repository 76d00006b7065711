import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
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

@Controller()
export class BenchRecorder {
  @EventPattern(AccountRegistered)
  async record(@Payload() event: EventFrom<typeof AccountRegistered>, @Ctx() context: EventContext): Promise<void> {
    await context.getManager().insert(BenchEffect, { eventId: event.eventId });
  }
}
