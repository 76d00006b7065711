import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENT_ACCOUNT_SQL, tenantIsolationStatements } from '@sargs/platform/database';

/**
 * The organizations tables (organizations/, memberships/, invitations/, dpa/, subprocessors/).
 * Every table with `org_id` is isolated per organisation by row-level security, forced, so it binds
 * the service's own role, which owns the tables (docs/tenancy.md). The lookups that cross
 * organisations by design each admit rows only under a transaction setting of their own:
 *
 * - org_membership: an account's own memberships (`app.account_id`): "my organisations" and the
 *   person's erasure and export.
 * - organization: the organisations the account (`app.account_id`) is a member of, for the same
 *   list; and those with one registration number (`app.registration_number`), for staff's lookup.
 * - org_invitation: the one whose token hash is `app.invitation_token_hash` (hex), for its
 *   acceptance; and those expired before `app.invitations_expired_before`, for the purge.
 * - dpa_acceptance: nothing besides its organisation.
 */
export class CreateOrganizationsTables1797100000000 implements MigrationInterface {
  name = 'CreateOrganizationsTables1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "organization" (
      "org_id" uuid NOT NULL,
      "name" character varying(200) NOT NULL,
      "registration_number" character varying(11) NOT NULL,
      "vat_number" character varying(13),
      "address" character varying(300),
      "verification_status" character varying(10) NOT NULL,
      "verified_at" TIMESTAMP WITH TIME ZONE,
      "verification_method" character varying(20),
      "evidence_sha256" character varying(64),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "deleted_at" TIMESTAMP WITH TIME ZONE,
      "deletion_case_id" uuid,
      CONSTRAINT "PK_9e79847fb4b5883cf2f2f020079" PRIMARY KEY ("org_id"))`);
    await q.query(`CREATE INDEX "organization_registration_number_idx" ON "organization" ("registration_number")`);

    // The primary key (org_id, account_id) answers the gateway's membership lookup; the account
    // index, "my organisations" and a person's erasure.
    await q.query(`CREATE TABLE "org_membership" (
      "org_id" uuid NOT NULL,
      "account_id" uuid NOT NULL,
      "role" character varying(8) NOT NULL,
      "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_dc1fc0e83e496bfd3b40d140255" PRIMARY KEY ("org_id", "account_id"))`);
    await q.query(`CREATE INDEX "org_membership_account_idx" ON "org_membership" ("account_id")`);

    await q.query(`CREATE TABLE "member_account" (
      "account_id" uuid NOT NULL,
      "email" character varying(254),
      "name" character varying(200),
      "language" character varying(2),
      "profile_changed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_e64e6a5adc5f697355d2b2b1751" PRIMARY KEY ("account_id"))`);

    await q.query(`CREATE TABLE "org_invitation" (
      "id" uuid NOT NULL,
      "org_id" uuid NOT NULL,
      "email" character varying(254) NOT NULL,
      "role" character varying(8) NOT NULL,
      "token_hash" bytea NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_9ab91cda5dc05ed7ab107e60a22" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "org_invitation_token_idx" ON "org_invitation" ("token_hash")`);
    await q.query(`CREATE INDEX "org_invitation_email_idx" ON "org_invitation" ("org_id", "email")`);

    await q.query(`CREATE TABLE "dpa_version" (
      "version" character varying(50) NOT NULL,
      "content" text NOT NULL,
      "sha256" character varying(64) NOT NULL,
      "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "published_by" uuid,
      CONSTRAINT "PK_0fba4b7e4ec1a40a2387175d161" PRIMARY KEY ("version"))`);

    await q.query(`CREATE TABLE "dpa_acceptance" (
      "org_id" uuid NOT NULL,
      "version" character varying(50) NOT NULL,
      "sha256" character varying(64) NOT NULL,
      "accepted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "accepted_by" uuid NOT NULL,
      CONSTRAINT "PK_688b9ff4f030b88e29ecc0baaf1" PRIMARY KEY ("org_id", "version"))`);

    await q.query(`CREATE TABLE "subprocessor_change" (
      "id" uuid NOT NULL,
      "change" character varying(8) NOT NULL,
      "name" character varying(200) NOT NULL,
      "purpose" character varying(500) NOT NULL,
      "location" character varying(200) NOT NULL,
      "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "announced_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_0ce02d719711c792aa8924e63c6" PRIMARY KEY ("id"))`);

    const statements = [
      ...tenantIsolationStatements('org_membership', `account_id = ${CURRENT_ACCOUNT_SQL}`),
      // The subquery is itself under org_membership's policy: it sees only the account's own rows.
      ...tenantIsolationStatements(
        'organization',
        `org_id IN (SELECT m.org_id FROM org_membership m WHERE m.account_id = ${CURRENT_ACCOUNT_SQL}) OR registration_number = NULLIF(current_setting('app.registration_number', true), '')`,
      ),
      ...tenantIsolationStatements(
        'org_invitation',
        `token_hash = decode(NULLIF(current_setting('app.invitation_token_hash', true), ''), 'hex') OR expires_at < NULLIF(current_setting('app.invitations_expired_before', true), '')::timestamptz`,
      ),
      ...tenantIsolationStatements('dpa_acceptance'),
    ];
    for (const statement of statements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['subprocessor_change', 'dpa_acceptance', 'dpa_version', 'org_invitation', 'member_account', 'organization', 'org_membership']) await q.query(`DROP TABLE "${table}"`);
  }
}
