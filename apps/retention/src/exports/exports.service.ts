import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ExportRequested,
  type EventFrom,
  type ExportCreatedView,
  type ExportDocumentView,
  type ExportSectionReady,
  type ExportStatus,
  type ExportStatusView,
  type MyExportsView,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { ConflictError, NotFoundError, SERVICE_CONFIG, TemporarilyUnavailableError } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';

interface JobRow {
  id: string;
  status: ExportStatus;
  requested_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
}

type Sections = ExportDocumentView['sections'];

/** An export as its owner sees it; `expiresAt` only once ready (a failed one lingers, unannounced). */
function statusView(job: JobRow): ExportStatusView {
  return {
    id: job.id,
    status: job.status,
    requestedAt: job.requested_at.toISOString(),
    ...(job.ready_at ? { readyAt: job.ready_at.toISOString() } : {}),
    ...(job.status === 'ready' && job.expires_at ? { expiresAt: job.expires_at.toISOString() } : {}),
  };
}

/** One answer for an unknown id, another person's export and an expired one: nothing to tell apart. */
export const NOT_FOUND = 'No such export';
const notFound = () => new NotFoundError(NOT_FOUND);

/**
 * A person's data export (R11): retention asks every privacy participant for its section
 * (`ExportRequested`), collects the answers (`ExportSectionReady`) and serves the assembled
 * document to its owner until it expires.
 */
@Injectable()
export class ExportsService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Starts an export, or answers with the one still pending: at most one per person at a time
   * (the partial unique index `export_job_one_pending` decides, even between concurrent requests).
   */
  async request(subjectId: string): Promise<ExportCreatedView> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = await this.dataSource.transaction(async (manager) => {
        // A pending export past its deadline is failed now rather than handed out again.
        await this.failOverdue(manager, subjectId);
        const id = randomUUID();
        const inserted: { requested_at: Date }[] = await manager.query(
          `INSERT INTO export_job (id, subject_id, status, requested_at) VALUES ($1, $2, 'pending', now())
           ON CONFLICT (subject_id) WHERE status = 'pending' DO NOTHING
           RETURNING requested_at`,
          [id, subjectId],
        );
        if (inserted.length === 1) {
          await this.publisher.publish(manager, ExportRequested, subjectId, { exportId: id, subjectId, requestedAt: inserted[0].requested_at.toISOString() });
          return id;
        }
        const pending: { id: string }[] = await manager.query(`SELECT id FROM export_job WHERE subject_id = $1 AND status = 'pending'`, [subjectId]);
        return pending[0]?.id;
      });
      // Undefined only when the pending export completed between the two statements: try again.
      if (id) return { id };
    }
    throw new TemporarilyUnavailableError('Try again shortly');
  }

  async status(subjectId: string, id: string): Promise<ExportStatusView> {
    return statusView(await this.ownLiveJob(this.dataSource.manager, subjectId, id));
  }

  /** The caller's exports that have not expired, newest first (for the account page's list). */
  async mine(subjectId: string): Promise<MyExportsView> {
    const rows: JobRow[] = await this.dataSource.query(
      `SELECT id, status, requested_at, ready_at, expires_at FROM export_job
        WHERE subject_id = $1 AND (expires_at IS NULL OR expires_at > now())
        ORDER BY requested_at DESC, id`,
      [subjectId],
    );
    return rows.map(statusView);
  }

  /** The assembled document: 409 while pending; 404 when failed, expired, unknown or not the caller's. */
  async download(subjectId: string, id: string): Promise<ExportDocumentView> {
    // One statement, one snapshot: a purge running meanwhile cannot leave a job without its sections.
    const rows: (JobRow & { service: string | null; tables: Sections[string] | null })[] = await this.dataSource.query(
      `SELECT j.id, j.status, j.requested_at, j.ready_at, j.expires_at, s.service, s.tables
         FROM export_job j LEFT JOIN export_section s ON s.export_id = j.id
        WHERE j.id = $1 AND j.subject_id = $2 AND (j.expires_at IS NULL OR j.expires_at > now())
        ORDER BY s.service`,
      [id, subjectId],
    );
    const job = rows[0];
    if (!job || job.status === 'failed') throw notFound();
    if (job.status === 'pending') throw new ConflictError('The export is not ready yet');
    const sections: Sections = {};
    for (const row of rows) if (row.service && row.tables) sections[row.service] = row.tables;
    return { exportId: job.id, subjectId, generatedAt: (job.ready_at ?? job.requested_at).toISOString(), sections };
  }

  /**
   * One participant's section. Kept only for a pending export of the same person from a service
   * in PRIVACY_PARTICIPANTS; a second copy changes nothing. The last one makes the export ready.
   */
  async sectionReady(manager: EntityManager, section: EventFrom<typeof ExportSectionReady>['payload']): Promise<void> {
    const participants = this.config.PRIVACY_PARTICIPANTS;
    if (!participants.includes(section.service)) {
      this.logger.warn({ exportId: section.exportId, service: section.service }, 'export section from a service that is not a privacy participant ignored');
      return;
    }
    // The row lock orders sections of one export and the deadline sweep.
    const jobs: { subject_id: string; status: ExportStatus }[] = await manager.query(
      `SELECT subject_id, status FROM export_job WHERE id = $1 FOR UPDATE`,
      [section.exportId],
    );
    const job = jobs[0];
    if (!job || job.subject_id !== section.subjectId || job.status !== 'pending') return;
    await manager.query(
      `INSERT INTO export_section (export_id, service, subject_id, tables, generated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (export_id, service) DO NOTHING`,
      [section.exportId, section.service, section.subjectId, JSON.stringify(section.tables), section.generatedAt],
    );
    const [answered]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM export_section WHERE export_id = $1 AND service = ANY($2::varchar[])`,
      [section.exportId, participants],
    );
    if (answered.n < participants.length) return;
    await manager.query(
      `UPDATE export_job SET status = 'ready', ready_at = now(), expires_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE id = $1 AND status = 'pending'`,
      [section.exportId, this.config.EXPORT_TTL_MS],
    );
  }

  /** Fails exports not complete by EXPORT_DEADLINE_MS and deletes expired ones; the sweep job's round. */
  async sweep(): Promise<{ failed: number; purged: number }> {
    const failed = await this.dataSource.transaction((manager) => this.failOverdue(manager));
    const purged = await this.dataSource.transaction(async (manager) => {
      // Wrapped in a SELECT: TypeORM answers a bare DELETE ... RETURNING with [rows, count].
      const gone: { id: string }[] = await manager.query(`WITH gone AS (DELETE FROM export_job WHERE expires_at <= now() RETURNING id) SELECT id FROM gone`);
      if (gone.length > 0) await manager.query(`DELETE FROM export_section WHERE export_id = ANY($1::uuid[])`, [gone.map((g) => g.id)]);
      return gone.length;
    });
    if (purged > 0) this.logger.info({ purged }, 'expired exports deleted');
    return { failed, purged };
  }

  /**
   * Fails the pending exports (of one person, or everyone's) past their deadline; their partial
   * sections are deleted at once, the job row stays visible as failed for EXPORT_TTL_MS.
   */
  private async failOverdue(manager: EntityManager, subjectId?: string): Promise<number> {
    const failed: { id: string }[] = await manager.query(
      `WITH failed AS (
         UPDATE export_job SET status = 'failed', failed_at = now(), expires_at = now() + make_interval(secs => $1::double precision / 1000)
          WHERE status = 'pending' AND requested_at <= now() - make_interval(secs => $2::double precision / 1000)
            AND ($3::uuid IS NULL OR subject_id = $3)
          RETURNING id)
       SELECT id FROM failed`,
      [this.config.EXPORT_TTL_MS, this.config.EXPORT_DEADLINE_MS, subjectId ?? null],
    );
    if (failed.length === 0) return 0;
    const ids = failed.map((f) => f.id);
    // Which participants never answered: what an operator needs, and no personal data.
    const answered: { export_id: string; services: string[] }[] = await manager.query(
      `SELECT export_id, array_agg(service) AS services FROM export_section WHERE export_id = ANY($1::uuid[]) GROUP BY export_id`,
      [ids],
    );
    for (const id of ids) {
      const got = answered.find((a) => a.export_id === id)?.services ?? [];
      const missing = this.config.PRIVACY_PARTICIPANTS.filter((s) => !got.includes(s));
      this.logger.warn({ exportId: id, missing }, 'export failed: not every privacy participant answered in time');
    }
    await manager.query(`DELETE FROM export_section WHERE export_id = ANY($1::uuid[])`, [ids]);
    return ids.length;
  }

  /** The caller's own export, unexpired; 404 for anything else (never 403). */
  private async ownLiveJob(manager: EntityManager, subjectId: string, id: string): Promise<JobRow> {
    const rows: JobRow[] = await manager.query(
      `SELECT id, status, requested_at, ready_at, expires_at FROM export_job
        WHERE id = $1 AND subject_id = $2 AND (expires_at IS NULL OR expires_at > now())`,
      [id, subjectId],
    );
    if (!rows[0]) throw notFound();
    return rows[0];
  }
}
