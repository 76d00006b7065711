import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrgRole, VerificationMethod } from '@sargs/contracts';

export interface OrganizationRow {
  org_id: string;
  name: string;
  registration_number: string;
  vat_number: string | null;
  address: string | null;
  verification_status: 'unverified' | 'verified';
  verified_at: Date | null;
  verification_method: VerificationMethod | null;
}

export interface CompanyDetails {
  name: string;
  registrationNumber: string;
  vatNumber: string | null;
  address: string | null;
}

const COLUMNS = 'org_id, name, registration_number, vat_number, address, verification_status, verified_at, verification_method';

/**
 * Every statement on the organization table. Each runs in the caller's transaction, which row-level
 * security has scoped (to the organisation, to an account, or to a registration number); each
 * also names what it reads, so either guard alone would keep other organisations out.
 */
@Injectable()
export class OrganizationRepository {
  async insert(manager: EntityManager, orgId: string, details: CompanyDetails, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO organization (org_id, name, registration_number, vat_number, address, verification_status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'unverified', $6, $6)`,
      [orgId, details.name, details.registrationNumber, details.vatNumber, details.address, at],
    );
  }

  /** The organisation unless it is deleted. */
  async findLive(manager: EntityManager, orgId: string): Promise<OrganizationRow | undefined> {
    const rows: OrganizationRow[] = await manager.query(`SELECT ${COLUMNS} FROM organization WHERE org_id = $1 AND deleted_at IS NULL`, [orgId]);
    return rows[0];
  }

  /**
   * Locks the live organisation's row until the transaction ends: every change of its details and
   * of its members queues here, so the last-owner check sees the owners as they are.
   */
  async lockLive(manager: EntityManager, orgId: string): Promise<OrganizationRow | undefined> {
    const rows: OrganizationRow[] = await manager.query(`SELECT ${COLUMNS} FROM organization WHERE org_id = $1 AND deleted_at IS NULL FOR UPDATE`, [orgId]);
    return rows[0];
  }

  /** New details; `unverify` when the name, registration or VAT number changed (R3). */
  async updateDetails(manager: EntityManager, orgId: string, details: CompanyDetails, unverify: boolean): Promise<void> {
    await manager.query(
      `UPDATE organization SET name = $2, registration_number = $3, vat_number = $4, address = $5, updated_at = now(),
         verification_status = CASE WHEN $6 THEN 'unverified' ELSE verification_status END,
         verified_at = CASE WHEN $6 THEN NULL ELSE verified_at END,
         verification_method = CASE WHEN $6 THEN NULL ELSE verification_method END,
         evidence_sha256 = CASE WHEN $6 THEN NULL ELSE evidence_sha256 END
       WHERE org_id = $1`,
      [orgId, details.name, details.registrationNumber, details.vatNumber, details.address, unverify],
    );
  }

  async markVerified(manager: EntityManager, orgId: string, method: VerificationMethod, evidenceSha256: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE organization SET verification_status = 'verified', verified_at = $4, verification_method = $2, evidence_sha256 = $3, updated_at = now() WHERE org_id = $1`,
      [orgId, method, evidenceSha256, at],
    );
  }

  async markDeleted(manager: EntityManager, orgId: string, caseId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE organization SET deleted_at = $2, deletion_case_id = $3, updated_at = now() WHERE org_id = $1`, [orgId, at, caseId]);
  }

  /** The account's live organisations with its role, by name; the transaction is scoped to the account (scopeToAccount). */
  async listOfAccount(manager: EntityManager, accountId: string): Promise<{ org_id: string; name: string; role: OrgRole }[]> {
    return manager.query(
      `SELECT o.org_id, o.name, m.role FROM org_membership m JOIN organization o ON o.org_id = m.org_id
        WHERE m.account_id = $1 AND o.deleted_at IS NULL ORDER BY o.name, o.org_id`,
      [accountId],
    );
  }

  /** Admits the organisations with this registration number to the transaction (staff's lookup), and finds the live ones. */
  async findByRegistrationNumber(manager: EntityManager, registrationNumber: string): Promise<OrganizationRow[]> {
    await manager.query(`SELECT set_config('app.registration_number', $1, true)`, [registrationNumber]);
    return manager.query(`SELECT ${COLUMNS} FROM organization WHERE registration_number = $1 AND deleted_at IS NULL ORDER BY created_at, org_id`, [registrationNumber]);
  }
}
