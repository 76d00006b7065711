import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExportDocumentView, ExportStatus } from '@sargs/contracts';
import type { ExportKind } from './export-job.entity';

export interface ExportJobRow {
  id: string;
  status: ExportStatus;
  requested_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
}

export type ExportSectionRow = ExportJobRow & { service: string | null; tables: ExportDocumentView['sections'][string] | null };

/**
 * Every statement on export_job and export_section: a job and its sections are one aggregate.
 * Methods that take a manager run in the caller's transaction. Every read names the kind with the
 * subject, so a person's export and an organisation's are never mistaken for one another.
 */
@Injectable()
export class ExportJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new job's request time, or undefined when the subject has a pending one (the partial unique index decides). */
  async insertPending(manager: EntityManager, id: string, kind: ExportKind, subjectId: string): Promise<Date | undefined> {
    const inserted: { requested_at: Date }[] = await manager.query(
      `INSERT INTO export_job (id, kind, subject_id, status, requested_at) VALUES ($1, $3, $2, 'pending', now())
       ON CONFLICT (subject_id) WHERE status = 'pending' DO NOTHING
       RETURNING requested_at`,
      [id, subjectId, kind],
    );
    return inserted[0]?.requested_at;
  }

  async pendingOf(manager: EntityManager, kind: ExportKind, subjectId: string): Promise<string | undefined> {
    const pending: { id: string }[] = await manager.query(`SELECT id FROM export_job WHERE subject_id = $1 AND kind = $2 AND status = 'pending'`, [subjectId, kind]);
    return pending[0]?.id;
  }

  /** The subject's own job, unexpired. */
  async findLive(kind: ExportKind, subjectId: string, id: string): Promise<ExportJobRow | undefined> {
    const rows: ExportJobRow[] = await this.dataSource.query(
      `SELECT id, status, requested_at, ready_at, expires_at FROM export_job
        WHERE id = $1 AND subject_id = $2 AND kind = $3 AND (expires_at IS NULL OR expires_at > now())`,
      [id, subjectId, kind],
    );
    return rows[0];
  }

  /** The subject's unexpired jobs, newest first. */
  liveOf(kind: ExportKind, subjectId: string): Promise<ExportJobRow[]> {
    return this.dataSource.query(
      `SELECT id, status, requested_at, ready_at, expires_at FROM export_job
        WHERE subject_id = $1 AND kind = $2 AND (expires_at IS NULL OR expires_at > now())
        ORDER BY requested_at DESC, id`,
      [subjectId, kind],
    );
  }

  /** The subject's own unexpired job with each of its sections, one row per section (none: one row of nulls). One statement, one snapshot. */
  withSections(kind: ExportKind, subjectId: string, id: string): Promise<ExportSectionRow[]> {
    return this.dataSource.query(
      `SELECT j.id, j.status, j.requested_at, j.ready_at, j.expires_at, s.service, s.tables
         FROM export_job j LEFT JOIN export_section s ON s.export_id = j.id
        WHERE j.id = $1 AND j.subject_id = $2 AND j.kind = $3 AND (j.expires_at IS NULL OR j.expires_at > now())
        ORDER BY s.service`,
      [id, subjectId, kind],
    );
  }

  /** The job's owner, kind and status, under a row lock that orders its sections and the deadline sweep. */
  async lock(manager: EntityManager, id: string): Promise<{ subject_id: string; kind: ExportKind; status: ExportStatus } | undefined> {
    const jobs: { subject_id: string; kind: ExportKind; status: ExportStatus }[] = await manager.query(`SELECT subject_id, kind, status FROM export_job WHERE id = $1 FOR UPDATE`, [id]);
    return jobs[0];
  }

  /** Every export of one subject and kind, with its sections (an organisation deleted: what retention held of it goes too); how many jobs. */
  async deleteAllOf(manager: EntityManager, kind: ExportKind, subjectId: string): Promise<number> {
    const gone: { id: string }[] = await manager.query(`WITH gone AS (DELETE FROM export_job WHERE subject_id = $1 AND kind = $2 RETURNING id) SELECT id FROM gone`, [subjectId, kind]);
    await manager.query(`DELETE FROM export_section WHERE subject_id = $1 AND export_id = ANY($2::uuid[])`, [subjectId, gone.map((g) => g.id)]);
    return gone.length;
  }

  /** A participant's section, once per job and service. */
  async addSection(manager: EntityManager, section: { exportId: string; service: string; subjectId: string; tables: unknown; generatedAt: string }): Promise<void> {
    await manager.query(
      `INSERT INTO export_section (export_id, service, subject_id, tables, generated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (export_id, service) DO NOTHING`,
      [section.exportId, section.service, section.subjectId, JSON.stringify(section.tables), section.generatedAt],
    );
  }

  /** The services, among `services`, whose section the job has. */
  async answeredCount(manager: EntityManager, id: string, services: readonly string[]): Promise<number> {
    const [answered]: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM export_section WHERE export_id = $1 AND service = ANY($2::varchar[])`, [
      id,
      services,
    ]);
    return answered.n;
  }

  async markReady(manager: EntityManager, id: string, ttlMs: number): Promise<void> {
    await manager.query(
      `UPDATE export_job SET status = 'ready', ready_at = now(), expires_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE id = $1 AND status = 'pending'`,
      [id, ttlMs],
    );
  }

  /** Fails pending jobs (of one subject, or everyone's) requested more than `deadlineMs` ago, visible as failed for `ttlMs`; their ids and kinds. */
  async failOverdue(manager: EntityManager, options: { ttlMs: number; deadlineMs: number; subjectId?: string }): Promise<{ id: string; kind: ExportKind }[]> {
    return manager.query(
      `WITH failed AS (
         UPDATE export_job SET status = 'failed', failed_at = now(), expires_at = now() + make_interval(secs => $1::double precision / 1000)
          WHERE status = 'pending' AND requested_at <= now() - make_interval(secs => $2::double precision / 1000)
            AND ($3::uuid IS NULL OR subject_id = $3)
          RETURNING id, kind)
       SELECT id, kind FROM failed`,
      [options.ttlMs, options.deadlineMs, options.subjectId ?? null],
    );
  }

  /** For each job, the services whose section it has. */
  async answeredServices(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string[]>> {
    const rows: { export_id: string; services: string[] }[] = await manager.query(
      `SELECT export_id, array_agg(service) AS services FROM export_section WHERE export_id = ANY($1::uuid[]) GROUP BY export_id`,
      [ids],
    );
    return new Map(rows.map((row) => [row.export_id, row.services]));
  }

  async deleteSections(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM export_section WHERE export_id = ANY($1::uuid[])`, [ids]);
  }

  /** Deletes expired jobs and their sections; how many jobs. */
  async deleteExpired(manager: EntityManager): Promise<number> {
    // Wrapped in a SELECT: TypeORM answers a bare DELETE ... RETURNING with [rows, count].
    const gone: { id: string }[] = await manager.query(`WITH gone AS (DELETE FROM export_job WHERE expires_at <= now() RETURNING id) SELECT id FROM gone`);
    if (gone.length > 0) await this.deleteSections(manager, gone.map((g) => g.id));
    return gone.length;
  }
}
