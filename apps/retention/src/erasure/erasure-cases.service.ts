import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import {
  ERASURE_CASE_STATUSES,
  type ErasureListQuery,
  type erasureCaseSummary,
  ErasureRequested,
  TenantErasureRequested,
  type AccountClosureRequested,
  type ErasureCaseKind,
  type ErasureCaseView,
  type ErasureCompleted,
  type EventFrom, type OneOf,
  type OrganizationDeletionRequested,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { type ListPage, NotFoundError, pageAfter, SERVICE_CONFIG } from '@sargs/platform/service';
import { tenantParticipants, type AppConfig } from '../config/app-config';
import { BackupCatalogue } from '../backups/backup-catalogue';
import { ErasureCertificateSigner } from './erasure-certificate';
import { LegalHoldRepository } from './legal-hold.repository';
import { ErasureCaseRepository } from './erasure-case.repository';
import { erasureCasesCompleted, erasureCasesFailed, erasureRequestsRepeated } from './erasure-metrics';

export type ErasureCaseSummary = z.infer<typeof erasureCaseSummary>;

/**
 * Erasure cases (R13-R15, R20): opened by a closure, held while a legal hold applies, otherwise
 * ErasureRequested to every participant; complete when each service in PRIVACY_PARTICIPANTS has
 * answered. Missing answers past the deadline are asked for again, then the case fails and alerts.
 *
 * A tenant case (docs/tenancy.md) is opened by an organisation's deletion: TenantErasureRequested
 * to the services that hold tenant data (tenantParticipants), the same answers, deadline, alert
 * and certificate. Legal holds are placed on accounts and never hold a tenant case: the
 * organisation, as controller, instructed the deletion (GDPR Art. 28(3)(g)), and a hold on a
 * member's account keeps that person's own data, which a tenant case does not touch.
 */
@Injectable()
export class ErasureCasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: ErasureCaseRepository,
    private readonly holds: LegalHoldRepository,
    private readonly publisher: EventPublisher,
    private readonly signer: ErasureCertificateSigner,
    private readonly backups: BackupCatalogue,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A closure: the case, and unless a hold applies the erasure request, in one transaction. The
   * request time is kept to the millisecond, as the list's page cursor carries it.
   */
  async open(manager: EntityManager, closure: EventFrom<typeof AccountClosureRequested>['payload']): Promise<void> {
    const held = await this.holds.activeFor(manager, closure.accountId);
    const opened = await this.cases.insert(manager, {
      caseId: closure.caseId,
      kind: 'person',
      subjectId: closure.accountId,
      subjectRef: this.signer.subjectRef(this.config.PSEUDONYM_KEY, closure.accountId),
      requestedBy: closure.requestedBy,
      staffId: closure.staffId ?? null,
      requestedAt: closure.requestedAt,
      status: held ? 'held' : 'pending',
    });
    if (!opened) return;
    if (held) this.logger.info({ caseId: closure.caseId }, 'erasure case held by a legal hold');
    else await this.requestErasure(manager, closure.caseId, 'person', closure.accountId);
  }

  /**
   * An organisation's deletion: the tenant case under the caseId organizations minted, with the
   * organisation as subject, and TenantErasureRequested in the same transaction. A redelivery
   * changes nothing. With no tenant participant configured nothing holds tenant data, so the case
   * completes at once.
   */
  async openTenant(manager: EntityManager, deletion: EventFrom<typeof OrganizationDeletionRequested>['payload']): Promise<void> {
    const opened = await this.cases.insert(manager, {
      caseId: deletion.caseId,
      kind: 'tenant',
      subjectId: deletion.orgId,
      subjectRef: this.signer.subjectRef(this.config.PSEUDONYM_KEY, deletion.orgId),
      // The organisation's owner asked: the controller itself, as a person closing their own account.
      requestedBy: 'self',
      staffId: null,
      requestedAt: deletion.requestedAt,
      status: 'pending',
    });
    if (!opened) return;
    this.logger.info({ caseId: deletion.caseId }, 'tenant erasure case opened');
    await this.requestErasure(manager, deletion.caseId, 'tenant', deletion.orgId);
    if (this.participantsOf('tenant').length === 0) await this.completeIfAnswered(manager, deletion.caseId);
  }

  /** A participant's answer; the last one completes the case. */
  async recordAnswer(manager: EntityManager, answer: EventFrom<OneOf<typeof ErasureCompleted>>['payload']): Promise<void> {
    if (!this.config.PRIVACY_PARTICIPANTS.includes(answer.service)) {
      this.logger.warn({ caseId: answer.caseId, service: answer.service }, 'erasure answer from a service that is not a configured participant; ignored');
      return;
    }
    const locked = await this.cases.lockStatus(manager, answer.caseId);
    // A tenant case is answered by the services that hold tenant data; another's answer is no part of it.
    if (locked && !this.participantsOf(locked.kind).includes(answer.service)) {
      this.logger.warn({ caseId: answer.caseId, service: answer.service, kind: locked.kind }, 'erasure answer from a service that takes no part in this kind of case; ignored');
      return;
    }
    await this.cases.addAnswer(manager, answer);
    await this.completeIfAnswered(manager, answer.caseId);
  }

  /** The cases of an account waiting for holds that no longer apply now run. */
  async resumeIfUnheld(manager: EntityManager, accountId: string): Promise<void> {
    if (await this.holds.activeFor(manager, accountId)) return;
    for (const case_id of await this.cases.lockHeld(manager, accountId)) {
      this.logger.info({ caseId: case_id }, 'legal hold ended; erasure case resumes');
      await this.requestErasure(manager, case_id, 'person', accountId);
    }
  }

  /** Overdue cases: ask again, or after the last attempt fail the case and alert. */
  async sweepOverdue(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const c of await this.cases.lockOverdue(manager, 500)) {
        const missing = await this.missing(manager, c.case_id, c.kind);
        if (c.attempts < this.config.ERASURE_MAX_ATTEMPTS) {
          erasureRequestsRepeated.inc();
          this.logger.warn({ caseId: c.case_id, kind: c.kind, missing, attempt: c.attempts + 1 }, 'erasure answers overdue; asking again');
          await this.requestErasure(manager, c.case_id, c.kind, c.subject_id);
        } else {
          await this.cases.fail(manager, c.case_id);
          this.logger.error({ caseId: c.case_id, kind: c.kind, missing }, 'ALERT: erasure case failed: participants did not answer');
        }
      }
    });
    erasureCasesFailed.set(await this.cases.countFailed());
  }

  async view(caseId: string): Promise<ErasureCaseView> {
    const row = await this.cases.find(caseId);
    if (!row) throw new NotFoundError('No such erasure case');
    const answers = await this.cases.answersOf(caseId);
    const erasedAt = new Map(answers.map((a) => [a.service, a.erased_at.toISOString()]));
    const services = this.participantsOf(row.kind).map((service) => ({ service, erasedAt: erasedAt.get(service) ?? null }));
    const completedAt = row.completed_at?.toISOString() ?? null;
    const backupsExpireBy = row.backups_expire_by?.toISOString() ?? null;
    return {
      caseId: row.case_id,
      kind: row.kind,
      status: row.status,
      requestedAt: row.requested_at.toISOString(),
      requestedBy: row.requested_by,
      requestedByStaffId: row.requested_by_staff_id,
      services,
      completedAt,
      backupsExpireBy,
      attempts: row.attempts,
      overdue: row.status === 'failed' || (row.status === 'pending' && row.deadline_at !== null && row.deadline_at.getTime() < Date.now()),
      missing: services.filter((s) => s.erasedAt === null).map((s) => s.service),
      certificate:
        row.status === 'completed' && completedAt
          ? this.signer.sign({
              caseId: row.case_id,
              subjectRef: row.subject_ref,
              requestedAt: row.requested_at.toISOString(),
              services: answers.map((a) => ({ service: a.service, erasedAt: a.erased_at.toISOString() })),
              completedAt,
              backupsExpireBy,
            })
          : null,
    };
  }

  /**
   * GET /admin/erasures: newest first, optionally of one status; fetches one row more than a page,
   * for the next link. One statement for both: a short scan of erasure_case_list_idx per status
   * asked for (all four unfiltered), merged, so neither page reads past what it shows.
   */
  async list(query: ErasureListQuery): Promise<ListPage<ErasureCaseSummary>> {
    const after = pageAfter(query.cursor, 'uuid');
    const rows = await this.cases.page(query.status ? [query.status] : ERASURE_CASE_STATUSES, after, query.limit + 1);
    return {
      rows: rows.map((row) => ({
        caseId: row.case_id,
        kind: row.kind,
        status: row.status,
        requestedAt: row.requested_at.toISOString(),
        requestedBy: row.requested_by,
        requestedByStaffId: row.requested_by_staff_id,
        completedAt: row.completed_at?.toISOString() ?? null,
      })),
      limit: query.limit,
      query: { status: query.status },
    };
  }

  /** Whether an erasure has been asked for (or done) for this account: too late for a hold. */
  erasureUnderWay(manager: EntityManager, accountId: string): Promise<boolean> {
    return this.cases.underWay(manager, accountId);
  }

  /** Completes a pending (or failed) case once every participant of its kind has answered. */
  private async completeIfAnswered(manager: EntityManager, caseId: string): Promise<void> {
    // The case row serialises concurrent answers: the last to commit sees all the others.
    const locked = await this.cases.lockStatus(manager, caseId);
    if (!locked || (locked.status !== 'pending' && locked.status !== 'failed')) return;
    if ((await this.missing(manager, caseId, locked.kind)).length > 0) return;
    const completedAt = new Date();
    await this.cases.complete(manager, caseId, completedAt, await this.backups.backupsExpireBy(completedAt));
    erasureCasesCompleted.inc();
    this.logger.info({ caseId, kind: locked.kind }, 'erasure case completed');
  }

  /** ErasureRequested for a person, TenantErasureRequested (the organisation as subject) for a tenant. */
  private async requestErasure(manager: EntityManager, caseId: string, kind: ErasureCaseKind, subjectId: string): Promise<void> {
    const requestedAt = new Date().toISOString();
    if (kind === 'tenant') await this.publisher.publish(manager, TenantErasureRequested, subjectId, { caseId, orgId: subjectId, requestedAt });
    else await this.publisher.publish(manager, ErasureRequested, subjectId, { caseId, subjectId, requestedAt });
    await this.cases.markRequested(manager, caseId, this.config.ERASURE_DEADLINE_MS);
  }

  /** Who must answer a case: every privacy participant for a person, the tenant participants for an organisation. */
  private participantsOf(kind: ErasureCaseKind): string[] {
    return kind === 'tenant' ? tenantParticipants(this.config) : this.config.PRIVACY_PARTICIPANTS;
  }

  private async missing(manager: EntityManager, caseId: string, kind: ErasureCaseKind): Promise<string[]> {
    const done = new Set(await this.cases.answeredServices(manager, caseId));
    return this.participantsOf(kind).filter((s) => !done.has(s));
  }
}
