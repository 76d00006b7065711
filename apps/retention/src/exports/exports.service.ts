import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ExportRequested,
  TenantExportRequested,
  type EventFrom, type OneOf,
  type ExportCreatedView,
  type ExportDocumentView,
  type ExportSectionReady,
  type ExportStatusView,
  type MyExportsView,
  type OrgExportDocumentView,
  type OrgExportsView,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { ConflictError, NotFoundError, SERVICE_CONFIG, TemporarilyUnavailableError } from '@sargs/platform/service';
import { AuditEntryRepository } from '../audit/audit-entry.repository';
import { tenantParticipants, type AppConfig } from '../config/app-config';
import type { ExportKind } from './export-job.entity';
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
 *
 * An organisation's export (docs/tenancy.md) runs the same way with the organisation as subject:
 * `TenantExportRequested` to the services that hold tenant data, their sections, and retention's
 * own (the audit entries about the organisation) added when the last arrives. It is bound to that
 * organisation: under another organisation's path it is the same 404 as an unknown id.
 */
@Injectable()
export class ExportsService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly jobs: ExportJobRepository,
    private readonly audit: AuditEntryRepository,
    private readonly publisher: EventPublisher,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Starts an export, or answers with the one still pending: at most one per person at a time
   * (the partial unique index `export_job_one_pending` decides, even between concurrent requests).
   */
  request(subjectId: string): Promise<ExportCreatedView> {
    return this.start('person', subjectId);
  }

  /** The caller's own export, unexpired; 404 for anything else (never 403). */
  status(subjectId: string, id: string): Promise<ExportStatusView> {
    return this.statusOf('person', subjectId, id);
  }

  /** The caller's exports that have not expired, newest first (for the account page's list). */
  async mine(subjectId: string): Promise<MyExportsView> {
    return (await this.jobs.liveOf('person', subjectId)).map(statusView);
  }

  /** The assembled document: 409 while pending; 404 when failed, expired, unknown or not the caller's. */
  async download(subjectId: string, id: string): Promise<ExportDocumentView> {
    const { generatedAt, sections } = await this.document('person', subjectId, id);
    return { exportId: id, subjectId, generatedAt, sections };
  }

  /** An organisation's export, or the one still pending (one at a time per organisation). */
  requestForOrganisation(orgId: string): Promise<ExportCreatedView> {
    return this.start('tenant', orgId);
  }

  /** The organisation's own export, unexpired; 404 for another organisation's, as for an unknown id. */
  organisationStatus(orgId: string, id: string): Promise<ExportStatusView> {
    return this.statusOf('tenant', orgId, id);
  }

  /** The organisation's exports that have not expired, newest first. */
  async ofOrganisation(orgId: string): Promise<OrgExportsView> {
    return (await this.jobs.liveOf('tenant', orgId)).map(statusView);
  }

  /** The organisation's assembled document: 409 while pending; 404 when failed, expired, unknown or another organisation's. */
  async organisationDownload(orgId: string, id: string): Promise<OrgExportDocumentView> {
    const { generatedAt, sections } = await this.document('tenant', orgId, id);
    return { exportId: id, orgId, generatedAt, sections };
  }

  /** Everything retention holds of a deleted organisation's exports goes with it. */
  async forgetOrganisation(manager: EntityManager, orgId: string): Promise<void> {
    const deleted = await this.jobs.deleteAllOf(manager, 'tenant', orgId);
    if (deleted > 0) this.logger.info({ exports: deleted }, "a deleted organisation's exports removed");
  }

  /**
   * Starts an export, or answers with the one still pending: at most one per subject at a time
   * (the partial unique index `export_job_one_pending` decides, even between concurrent requests).
   */
  private async start(kind: ExportKind, subjectId: string): Promise<ExportCreatedView> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = await this.dataSource.transaction(async (manager) => {
        // A pending export past its deadline is failed now rather than handed out again.
        await this.failOverdue(manager, subjectId);
        const id = randomUUID();
        const requestedAt = await this.jobs.insertPending(manager, id, kind, subjectId);
        if (requestedAt) {
          const at = requestedAt.toISOString();
          if (kind === 'tenant') await this.publisher.publish(manager, TenantExportRequested, subjectId, { exportId: id, orgId: subjectId, requestedAt: at });
          else await this.publisher.publish(manager, ExportRequested, subjectId, { exportId: id, subjectId, requestedAt: at });
          // No service configured to hold tenant data: nothing to wait for but retention's own section.
          if (this.participantsOf(kind).length === 0) await this.completeWithoutParticipants(manager, id, kind, subjectId);
          return id;
        }
        return this.jobs.pendingOf(manager, kind, subjectId);
      });
      // Undefined only when the pending export completed between the two statements: try again.
      if (id) return { id };
    }
    throw new TemporarilyUnavailableError('Try again shortly');
  }

  private async statusOf(kind: ExportKind, subjectId: string, id: string): Promise<ExportStatusView> {
    const job = await this.jobs.findLive(kind, subjectId, id);
    if (!job) throw notFound();
    return statusView(job);
  }

  private async document(kind: ExportKind, subjectId: string, id: string): Promise<{ generatedAt: string; sections: Sections }> {
    // One statement, one snapshot: a purge running meanwhile cannot leave a job without its sections.
    const rows = await this.jobs.withSections(kind, subjectId, id);
    const job = rows[0];
    if (!job || job.status === 'failed') throw notFound();
    if (job.status === 'pending') throw new ConflictError('The export is not ready yet');
    const sections: Sections = {};
    for (const row of rows) if (row.service && row.tables) sections[row.service] = row.tables;
    return { generatedAt: (job.ready_at ?? job.requested_at).toISOString(), sections };
  }

  /** Who sends a section: every privacy participant for a person, the tenant participants for an organisation. */
  private participantsOf(kind: ExportKind): string[] {
    return kind === 'tenant' ? tenantParticipants(this.config) : this.config.PRIVACY_PARTICIPANTS;
  }

  /**
   * One participant's section. Kept only for a pending export of the same subject from a service
   * that takes part in that kind of export; a second copy changes nothing. The last one makes the
   * export ready (an organisation's with retention's own section, the audit entries about it).
   */
  async sectionReady(manager: EntityManager, section: EventFrom<OneOf<typeof ExportSectionReady>>['payload']): Promise<void> {
    if (!this.config.PRIVACY_PARTICIPANTS.includes(section.service)) {
      this.logger.warn({ exportId: section.exportId, service: section.service }, 'export section from a service that is not a privacy participant ignored');
      return;
    }
    const job = await this.jobs.lock(manager, section.exportId);
    if (!job || job.subject_id !== section.subjectId || job.status !== 'pending') return;
    const participants = this.participantsOf(job.kind);
    if (!participants.includes(section.service)) {
      this.logger.warn({ exportId: section.exportId, service: section.service, kind: job.kind }, 'export section from a service that takes no part in this kind of export ignored');
      return;
    }
    await this.jobs.addSection(manager, section);
    if ((await this.jobs.answeredCount(manager, section.exportId, participants)) < participants.length) return;
    if (job.kind === 'tenant') await this.addOwnTenantSection(manager, section.exportId, job.subject_id);
    await this.jobs.markReady(manager, section.exportId, this.config.EXPORT_TTL_MS);
  }

  private async completeWithoutParticipants(manager: EntityManager, id: string, kind: ExportKind, subjectId: string): Promise<void> {
    if (kind === 'tenant') await this.addOwnTenantSection(manager, id, subjectId);
    await this.jobs.markReady(manager, id, this.config.EXPORT_TTL_MS);
  }

  /** Retention's part of an organisation's export: the audit trail's entries about the organisation (its subject or its reference). */
  private async addOwnTenantSection(manager: EntityManager, exportId: string, orgId: string): Promise<void> {
    const entries = await this.audit.aboutOrganisation(manager, orgId);
    const rows = entries.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString(), recordedAt: entry.recordedAt.toISOString() }));
    await this.jobs.addSection(manager, { exportId, service: 'retention', subjectId: orgId, tables: { audit_entry: rows }, generatedAt: new Date().toISOString() });
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
    const failed = await this.jobs.failOverdue(manager, { ttlMs: this.config.EXPORT_TTL_MS, deadlineMs: this.config.EXPORT_DEADLINE_MS, subjectId });
    if (failed.length === 0) return 0;
    const ids = failed.map((f) => f.id);
    // Which participants never answered: what an operator needs, and no personal data.
    const answered = await this.jobs.answeredServices(manager, ids);
    for (const { id, kind } of failed) {
      const got = answered.get(id) ?? [];
      const missing = this.participantsOf(kind).filter((s) => !got.includes(s));
      this.logger.warn({ exportId: id, kind, missing }, 'export failed: not every participant answered in time');
    }
    await this.jobs.deleteSections(manager, ids);
    return ids.length;
  }
}
