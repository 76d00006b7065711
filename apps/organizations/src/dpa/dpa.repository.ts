import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface DpaVersionRow {
  version: string;
  sha256: string;
  content: string;
  published_at: Date;
}

export interface DpaAcceptanceRow {
  version: string;
  sha256: string;
  accepted_at: Date;
  accepted_by: string;
}

/** Any constant: the lock DPA publications queue on (two instances seeding, two staff publishing). */
const PUBLICATION_LOCK = 0x0d9a0001;

/**
 * Every statement on dpa_version (public documents) and dpa_acceptance (tenant data: its
 * statements run in a transaction scoped to the organisation, and name it too).
 */
@Injectable()
export class DpaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Until the transaction ends, no other publication runs. */
  async lockPublications(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [PUBLICATION_LOCK]);
  }

  /** The version in force: the last published. */
  async current(manager?: EntityManager): Promise<DpaVersionRow | undefined> {
    const rows: DpaVersionRow[] = await (manager ?? this.dataSource).query(
      `SELECT version, sha256, content, published_at FROM dpa_version ORDER BY published_at DESC, version DESC LIMIT 1`,
    );
    return rows[0];
  }

  async exists(manager: EntityManager, version: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM dpa_version WHERE version = $1`, [version]);
    return rows.length > 0;
  }

  async insert(manager: EntityManager, row: DpaVersionRow & { published_by: string | null }): Promise<void> {
    await manager.query(`INSERT INTO dpa_version (version, content, sha256, published_at, published_by) VALUES ($1, $2, $3, $4, $5)`, [
      row.version,
      row.content,
      row.sha256,
      row.published_at,
      row.published_by,
    ]);
  }

  /** The organisation's acceptance of one version, if it gave one. */
  async acceptance(manager: EntityManager, orgId: string, version: string): Promise<DpaAcceptanceRow | undefined> {
    const rows: DpaAcceptanceRow[] = await manager.query(`SELECT version, sha256, accepted_at, accepted_by FROM dpa_acceptance WHERE org_id = $1 AND version = $2`, [
      orgId,
      version,
    ]);
    return rows[0];
  }

  /** A second acceptance of the same version changes nothing: the first stands. */
  async insertAcceptance(manager: EntityManager, orgId: string, row: DpaAcceptanceRow): Promise<void> {
    await manager.query(
      `INSERT INTO dpa_acceptance (org_id, version, sha256, accepted_at, accepted_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, version) DO NOTHING`,
      [orgId, row.version, row.sha256, row.accepted_at, row.accepted_by],
    );
  }
}
