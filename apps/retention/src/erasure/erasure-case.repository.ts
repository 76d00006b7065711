import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ErasureCaseKind } from '@sargs/contracts';
import type { PagePosition } from '@sargs/platform/service';
import type { ErasureStatus } from './erasure-case.entity';

export interface ErasureCaseRow {
  case_id: string;
  kind: ErasureCaseKind;
  subject_id: string;
  subject_ref: string;
  requested_by: 'self' | 'staff';
  requested_by_staff_id: string | null;
  requested_at: Date;
  status: ErasureStatus;
  attempts: number;
  deadline_at: Date | null;
  completed_at: Date | null;
  backups_expire_by: Date | null;
}

export type ErasureCaseListRow = Pick<ErasureCaseRow, 'case_id' | 'kind' | 'status' | 'requested_at' | 'requested_by' | 'requested_by_staff_id' | 'completed_at'>;

export interface NewErasureCase {
  caseId: string;
  kind: ErasureCaseKind;
  subjectId: string;
  subjectRef: string;
  requestedBy: 'self' | 'staff';
  staffId: string | null;
  requestedAt: string;
  status: 'held' | 'pending';
}

/**
 * Every statement on erasure_case and erasure_answer. Methods that take a manager run in the
 * caller's transaction (the service decides where those begin and end, and what they publish).
 */
@Injectable()
export class ErasureCaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** False when the case exists already (a redelivered closure). The request time is kept to the millisecond: the list's cursor carries it. */
  async insert(manager: EntityManager, row: NewErasureCase): Promise<boolean> {
    const opened: unknown[] = await manager.query(
      `INSERT INTO erasure_case (case_id, kind, subject_id, subject_ref, requested_by, requested_by_staff_id, requested_at, status)
       VALUES ($1, $8, $2, $3, $4, $5, date_trunc('milliseconds', $6::timestamptz), $7) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [row.caseId, row.subjectId, row.subjectRef, row.requestedBy, row.staffId, row.requestedAt, row.status, row.kind],
    );
    return opened.length > 0;
  }

  /** A participant's answer, once per case and service (a redelivery changes nothing). */
  async addAnswer(manager: EntityManager, answer: { caseId: string; service: string; erasedAt: string; counts: Record<string, number> }): Promise<void> {
    await manager.query(`INSERT INTO erasure_answer (case_id, service, erased_at, counts) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, service) DO NOTHING`, [
      answer.caseId,
      answer.service,
      answer.erasedAt,
      JSON.stringify(answer.counts),
    ]);
  }

  /** The case's status and kind under a row lock, which serialises concurrent answers. */
  async lockStatus(manager: EntityManager, caseId: string): Promise<{ status: ErasureStatus; kind: ErasureCaseKind } | undefined> {
    const [row]: { status: ErasureStatus; kind: ErasureCaseKind }[] = await manager.query(`SELECT status, kind FROM erasure_case WHERE case_id = $1 FOR UPDATE`, [caseId]);
    return row;
  }

  /** The services that have answered the case. */
  async answeredServices(manager: EntityManager, caseId: string): Promise<string[]> {
    const rows: { service: string }[] = await manager.query(`SELECT service FROM erasure_answer WHERE case_id = $1`, [caseId]);
    return rows.map((row) => row.service);
  }

  async complete(manager: EntityManager, caseId: string, completedAt: Date, backupsExpireBy: Date): Promise<void> {
    await manager.query(`UPDATE erasure_case SET status = 'completed', completed_at = $2, deadline_at = NULL, backups_expire_by = $3 WHERE case_id = $1`, [
      caseId,
      completedAt,
      backupsExpireBy,
    ]);
  }

  /** An erasure asked for (again): pending, one more attempt, answers due within `deadlineMs`. */
  async markRequested(manager: EntityManager, caseId: string, deadlineMs: number): Promise<void> {
    await manager.query(
      `UPDATE erasure_case SET status = 'pending', attempts = attempts + 1, erasure_requested_at = now(),
              deadline_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE case_id = $1`,
      [caseId, deadlineMs],
    );
  }

  async fail(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(`UPDATE erasure_case SET status = 'failed', alerted_at = now() WHERE case_id = $1`, [caseId]);
  }

  /** The account's cases waiting for a hold, locked. */
  async lockHeld(manager: EntityManager, subjectId: string): Promise<string[]> {
    const rows: { case_id: string }[] = await manager.query(`SELECT case_id FROM erasure_case WHERE subject_id = $1 AND status = 'held' FOR UPDATE`, [subjectId]);
    return rows.map((row) => row.case_id);
  }

  /** Pending cases past their deadline, locked; one instance sweeps each (SKIP LOCKED). */
  lockOverdue(manager: EntityManager, limit: number): Promise<{ case_id: string; kind: ErasureCaseKind; subject_id: string; attempts: number }[]> {
    return manager.query(`SELECT case_id, kind, subject_id, attempts FROM erasure_case WHERE status = 'pending' AND deadline_at < now() FOR UPDATE SKIP LOCKED LIMIT $1`, [limit]);
  }

  async countFailed(): Promise<number> {
    const [{ n }]: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM erasure_case WHERE status = 'failed'`);
    return Number(n);
  }

  async find(caseId: string): Promise<ErasureCaseRow | undefined> {
    const [row]: ErasureCaseRow[] = await this.dataSource.query(
      `SELECT case_id, kind, subject_id, subject_ref, requested_by, requested_by_staff_id, requested_at, status, attempts, deadline_at, completed_at, backups_expire_by
         FROM erasure_case WHERE case_id = $1`,
      [caseId],
    );
    return row;
  }

  answersOf(caseId: string): Promise<{ service: string; erased_at: Date }[]> {
    return this.dataSource.query(`SELECT service, erased_at FROM erasure_answer WHERE case_id = $1`, [caseId]);
  }

  /**
   * Newest first, of the statuses given, after a position; `limit` rows. One statement: a short
   * scan of erasure_case_list_idx per status, merged, so no page reads past what it shows.
   */
  page(statuses: readonly string[], after: PagePosition | undefined, limit: number): Promise<ErasureCaseListRow[]> {
    return this.dataSource.query(
      `SELECT c.* FROM unnest($1::varchar[]) AS s(status)
        CROSS JOIN LATERAL (
          SELECT case_id, kind, status, requested_at, requested_by, requested_by_staff_id, completed_at FROM erasure_case e
           WHERE e.status = s.status AND ($2::timestamptz IS NULL OR (e.requested_at, e.case_id) < ($2, $3::uuid))
           ORDER BY e.requested_at DESC, e.case_id DESC LIMIT $4) c
        ORDER BY c.requested_at DESC, c.case_id DESC LIMIT $4`,
      [statuses, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  /** Whether an erasure has been asked for (or done) for this account. */
  async underWay(manager: EntityManager, subjectId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM erasure_case WHERE subject_id = $1 AND kind = 'person' AND status <> 'held' LIMIT 1`, [subjectId]);
    return rows.length > 0;
  }
}
