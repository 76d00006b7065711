import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { AccountRegistered, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { DataSubjectId, NotPersonalData, PersonalData, SubjectReference } from '@sargs/platform/privacy';

/** A sample participant's data: a contact row kept pseudonymised, notes erased outright. */
@Entity({ name: 'sample_contact' })
export class SampleContact {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PersonalData({ purpose: 'addressing the person', retention: 'while the account is active', onErasure: 'erase' })
  @Column({ name: 'display_name', type: 'varchar', length: 200, nullable: true })
  displayName!: string | null;

  @PersonalData({ purpose: 'deduplicating sign-ups', retention: 'kept pseudonymised after closure', onErasure: 'keep-pseudonymised' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @NotPersonalData('preferred language code')
  @Column({ type: 'varchar', length: 2 })
  language!: string;
}

@Entity({ name: 'sample_note' })
export class SampleNote {
  @NotPersonalData('row id')
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PersonalData({ purpose: 'support history', retention: 'while the account is active', onErasure: 'erase' })
  @Column({ type: 'text' })
  text!: string;
}

/** A record kept for good (like the audit trail): a person named as actor or subject gets their pseudonym. */
@Entity({ name: 'sample_log_entry' })
export class SampleLogEntry {
  @NotPersonalData('row id')
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @SubjectReference()
  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @SubjectReference()
  @Column({ type: 'varchar', length: 100 })
  subject!: string;
}

/** The staff member named as actor in the sample log: never erased with the person. */
export const SAMPLE_STAFF_ID = '00000000-0000-4000-8000-00000000beef';

export class SampleTables1764065000000 implements MigrationInterface {
  name = 'SampleTables1764065000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sample_contact" ("account_id" uuid NOT NULL, "display_name" character varying(200),
      "email" character varying(254) NOT NULL, "language" character varying(2) NOT NULL,
      CONSTRAINT "PK_sample_contact" PRIMARY KEY ("account_id"))`);
    await q.query(`CREATE TABLE "sample_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL,
      "text" text NOT NULL, CONSTRAINT "PK_sample_note" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "sample_log_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor" character varying(100) NOT NULL,
      "subject" character varying(100) NOT NULL, CONSTRAINT "PK_sample_log_entry" PRIMARY KEY ("id"))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sample_log_entry"`);
    await q.query(`DROP TABLE "sample_note"`);
    await q.query(`DROP TABLE "sample_contact"`);
  }
}

/** Builds the sample data from AccountRegistered, as a real participant would. */
@Controller()
export class SampleContactConsumer {
  @EventPattern(AccountRegistered)
  async onAccountRegistered(@Payload() event: EventFrom<typeof AccountRegistered>, @Ctx() context: EventContext): Promise<void> {
    const manager = context.getManager();
    const { accountId, name, email, language } = event.payload;
    await manager.upsert(SampleContact, { accountId, displayName: name, email, language }, ['accountId']);
    await manager.insert(SampleNote, { accountId, text: `${name} signed up` });
    await manager.insert(SampleLogEntry, [
      { actor: accountId, subject: accountId },
      { actor: SAMPLE_STAFF_ID, subject: accountId },
    ]);
  }
}

export const SAMPLE_PARTICIPANT = {
  entities: [SampleContact, SampleNote, SampleLogEntry],
  migrations: [SampleTables1764065000000],
  controllers: [SampleContactConsumer],
};
