import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubprocessorChangeKind } from '@sargs/contracts';

export interface SubprocessorChangeRow {
  id: string;
  change: SubprocessorChangeKind;
  name: string;
  purpose: string;
  location: string;
  effective_at: Date;
  announced_at: Date;
}

/** Any constant: announcements queue here, so each is checked against the changes before it. */
const ANNOUNCEMENT_LOCK = 0x5b9c0001;

/** Every statement on subprocessor_change (public, not tenant data). */
@Injectable()
export class SubprocessorRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async lockAnnouncements(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [ANNOUNCEMENT_LOCK]);
  }

  /** Every change, in the order they take effect. */
  async all(manager?: EntityManager): Promise<SubprocessorChangeRow[]> {
    return (manager ?? this.dataSource).query(
      `SELECT id, change, name, purpose, location, effective_at, announced_at FROM subprocessor_change ORDER BY effective_at, announced_at, id`,
    );
  }

  async insert(manager: EntityManager, row: SubprocessorChangeRow): Promise<void> {
    await manager.query(`INSERT INTO subprocessor_change (id, change, name, purpose, location, effective_at, announced_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      row.id,
      row.change,
      row.name,
      row.purpose,
      row.location,
      row.effective_at,
      row.announced_at,
    ]);
  }
}
