import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ExportRequested,
  type EventFrom, type OneOf,
  type ExportCreatedView,
  type ExportDocumentView,
  type ExportSectionReady,
  type ExportStatusView,
  type MyExportsView,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { ConflictError, NotFoundError, SERVICE_CONFIG, TemporarilyUnavailableError } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { ExportJobRepository, type ExportJobRow } from './export-job.repository';

type Sections = ExportDocumentView['sections'];

/** An export as its owner sees it; `expiresAt` only once ready (a failed one lingers, unannounced). */
function statusView(job: ExportJobRow): ExportStatusView {
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
    private readonly jobs: ExportJobRepository,
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
        const requestedAt = await this.jobs.insertPending(manager, id, subjectId);
        if (requestedAt) {
          await this.publisher.publish(manager, ExportRequested, subjectId, { exportId: id, subjectId, requestedAt: requestedAt.toISOString() });
          return id;
        }
        return this.jobs.pendingOf(manager, subjectId);
      });
      // Undefined only when the pending export completed between the two statements: try again.
      if (id) return { id };
    }
    throw new TemporarilyUnavailableError('Try again shortly');
  }

  /** The caller's own export, unexpired; 404 for anything else (never 403). */
  async status(subjectId: string, id: string): Promise<ExportStatusView> {
    const job = await this.jobs.findLive(subjectId, id);
    if (!job) throw notFound();
    return statusView(job);
  }

  /** The caller's exports that have not expired, newest first (for the account page's list). */
  async mine(subjectId: string): Promise<MyExportsView> {
    return (await this.jobs.liveOf(subjectId)).map(statusView);
  }

  /** The assembled document: 409 while pending; 404 when failed, expired, unknown or not the caller's. */
  async download(subjectId: string, id: string): Promise<ExportDocumentView> {
    // One statement, one snapshot: a purge running meanwhile cannot leave a job without its sections.
    const rows = await this.jobs.withSections(subjectId, id);
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
  async sectionReady(manager: EntityManager, section: EventFrom<OneOf<typeof ExportSectionReady>>['payload']): Promise<void> {
    const participants = this.config.PRIVACY_PARTICIPANTS;
    if (!participants.includes(section.service)) {
      this.logger.warn({ exportId: section.exportId, service: section.service }, 'export section from a service that is not a privacy participant ignored');
      return;
    }
    const job = await this.jobs.lock(manager, section.exportId);
    if (!job || job.subject_id !== section.subjectId || job.status !== 'pending') return;
    await this.jobs.addSection(manager, section);
    if ((await this.jobs.answeredCount(manager, section.exportId, participants)) < participants.length) return;
    await this.jobs.markReady(manager, section.exportId, this.config.EXPORT_TTL_MS);
  }

  /** Fails exports not complete by EXPORT_DEADLINE_MS and deletes expired ones; the sweep job's round. */
  async sweep(): Promise<{ failed: number; purged: number }> {
    const failed = await this.dataSource.transaction((manager) => this.failOverdue(manager));
    const purged = await this.dataSource.transaction((manager) => this.jobs.deleteExpired(manager));
    if (purged > 0) this.logger.info({ purged }, 'expired exports deleted');
    return { failed, purged };
  }

  /**
   * Fails the pending exports (of one person, or everyone's) past their deadline; their partial
   * sections are deleted at once, the job row stays visible as failed for EXPORT_TTL_MS.
   */
  private async failOverdue(manager: EntityManager, subjectId?: string): Promise<number> {
    const ids = await this.jobs.failOverdue(manager, { ttlMs: this.config.EXPORT_TTL_MS, deadlineMs: this.config.EXPORT_DEADLINE_MS, subjectId });
    if (ids.length === 0) return 0;
    // Which participants never answered: what an operator needs, and no personal data.
    const answered = await this.jobs.answeredServices(manager, ids);
    for (const id of ids) {
      const got = answered.get(id) ?? [];
      const missing = this.config.PRIVACY_PARTICIPANTS.filter((s) => !got.includes(s));
      this.logger.warn({ exportId: id, missing }, 'export failed: not every privacy participant answered in time');
    }
    await this.jobs.deleteSections(manager, ids);
    return ids.length;
  }
}
