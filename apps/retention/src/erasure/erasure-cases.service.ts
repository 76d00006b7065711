import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import {
  ERASURE_CASE_STATUSES,
  type ErasureListQuery,
  type erasureCaseSummary,
  ErasureRequested,
  type AccountClosureRequested,
  type ErasureCaseView,
  type ErasureCompleted,
  type EventFrom,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { type ListPage, NotFoundError, pageAfter, SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { BackupCatalogue } from '../backups/backup-catalogue';
import { ErasureCertificateSigner } from './erasure-certificate';
import type { ErasureStatus } from './erasure-case.entity';
import { erasureCasesCompleted, erasureCasesFailed, erasureRequestsRepeated } from './erasure-metrics';

export type ErasureCaseSummary = z.infer<typeof erasureCaseSummary>;

interface CaseRow {
  case_id: string;
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

/**
 * Erasure cases (R13-R15, R20): opened by a closure, held while a legal hold applies, otherwise
 * ErasureRequested to every participant; complete when each service in PRIVACY_PARTICIPANTS has
 * answered. Missing answers past the deadline are asked for again, then the case fails and alerts.
 */
@Injectable()
export class ErasureCasesService {
  constructor(
    private readonly dataSource: DataSource,
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
    const held = await this.hasActiveHold(manager, closure.accountId);
    const opened: unknown[] = await manager.query(
      `INSERT INTO erasure_case (case_id, subject_id, subject_ref, requested_by, requested_by_staff_id, requested_at, status)
       VALUES ($1, $2, $3, $4, $5, date_trunc('milliseconds', $6::timestamptz), $7) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [
        closure.caseId,
        closure.accountId,
        this.signer.subjectRef(this.config.PSEUDONYM_KEY, closure.accountId),
        closure.requestedBy,
        closure.staffId ?? null,
        closure.requestedAt,
        held ? 'held' : 'pending',
      ],
    );
    if (opened.length === 0) return;
    if (held) this.logger.info({ caseId: closure.caseId }, 'erasure case held by a legal hold');
    else await this.requestErasure(manager, closure.caseId, closure.accountId);
  }

  /** A participant's answer; the last one completes the case. */
  async recordAnswer(manager: EntityManager, answer: EventFrom<typeof ErasureCompleted>['payload']): Promise<void> {
    if (!this.config.PRIVACY_PARTICIPANTS.includes(answer.service)) {
      this.logger.warn({ caseId: answer.caseId, service: answer.service }, 'erasure answer from a service that is not a configured participant; ignored');
      return;
    }
    await manager.query(
      `INSERT INTO erasure_answer (case_id, service, erased_at, counts) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, service) DO NOTHING`,
      [answer.caseId, answer.service, answer.erasedAt, JSON.stringify(answer.counts)],
    );
    // The case row serialises concurrent answers: the last to commit sees all the others.
    const [open]: { status: ErasureStatus }[] = await manager.query(`SELECT status FROM erasure_case WHERE case_id = $1 FOR UPDATE`, [answer.caseId]);
    if (!open || (open.status !== 'pending' && open.status !== 'failed')) return;
    const [{ answered }]: { answered: string }[] = await manager.query(
      `SELECT count(*) AS answered FROM erasure_answer WHERE case_id = $1 AND service = ANY($2::text[])`,
      [answer.caseId, this.config.PRIVACY_PARTICIPANTS],
    );
    if (Number(answered) < this.config.PRIVACY_PARTICIPANTS.length) return;
    const completedAt = new Date();
    await manager.query(
      `UPDATE erasure_case SET status = 'completed', completed_at = $2, deadline_at = NULL, backups_expire_by = $3 WHERE case_id = $1`,
      [answer.caseId, completedAt, await this.backups.backupsExpireBy(completedAt)],
    );
    erasureCasesCompleted.inc();
    this.logger.info({ caseId: answer.caseId }, 'erasure case completed');
  }

  /** The cases of an account waiting for holds that no longer apply now run. */
  async resumeIfUnheld(manager: EntityManager, accountId: string): Promise<void> {
    if (await this.hasActiveHold(manager, accountId)) return;
    const held: { case_id: string }[] = await manager.query(`SELECT case_id FROM erasure_case WHERE subject_id = $1 AND status = 'held' FOR UPDATE`, [accountId]);
    for (const { case_id } of held) {
      this.logger.info({ caseId: case_id }, 'legal hold ended; erasure case resumes');
      await this.requestErasure(manager, case_id, accountId);
    }
  }

  /** Overdue cases: ask again, or after the last attempt fail the case and alert. */
  async sweepOverdue(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const overdue: { case_id: string; subject_id: string; attempts: number }[] = await manager.query(
        `SELECT case_id, subject_id, attempts FROM erasure_case WHERE status = 'pending' AND deadline_at < now() FOR UPDATE SKIP LOCKED LIMIT 500`,
      );
      for (const c of overdue) {
        const missing = await this.missing(manager, c.case_id);
        if (c.attempts < this.config.ERASURE_MAX_ATTEMPTS) {
          erasureRequestsRepeated.inc();
          this.logger.warn({ caseId: c.case_id, missing, attempt: c.attempts + 1 }, 'erasure answers overdue; asking again');
          await this.requestErasure(manager, c.case_id, c.subject_id);
        } else {
          await manager.query(`UPDATE erasure_case SET status = 'failed', alerted_at = now() WHERE case_id = $1`, [c.case_id]);
          this.logger.error({ caseId: c.case_id, missing }, 'ALERT: erasure case failed: participants did not answer');
        }
      }
    });
    const [{ n }]: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM erasure_case WHERE status = 'failed'`);
    erasureCasesFailed.set(Number(n));
  }

  async view(caseId: string): Promise<ErasureCaseView> {
    const [row]: CaseRow[] = await this.dataSource.query(
      `SELECT case_id, subject_id, subject_ref, requested_by, requested_by_staff_id, requested_at, status, attempts, deadline_at, completed_at, backups_expire_by
         FROM erasure_case WHERE case_id = $1`,
      [caseId],
    );
    if (!row) throw new NotFoundError('No such erasure case');
    const answers: { service: string; erased_at: Date }[] = await this.dataSource.query(`SELECT service, erased_at FROM erasure_answer WHERE case_id = $1`, [caseId]);
    const erasedAt = new Map(answers.map((a) => [a.service, a.erased_at.toISOString()]));
    const services = this.config.PRIVACY_PARTICIPANTS.map((service) => ({ service, erasedAt: erasedAt.get(service) ?? null }));
    const completedAt = row.completed_at?.toISOString() ?? null;
    const backupsExpireBy = row.backups_expire_by?.toISOString() ?? null;
    return {
      caseId: row.case_id,
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
    const rows: Pick<CaseRow, 'case_id' | 'status' | 'requested_at' | 'requested_by' | 'requested_by_staff_id' | 'completed_at'>[] = await this.dataSource.query(
      `SELECT c.* FROM unnest($1::varchar[]) AS s(status)
        CROSS JOIN LATERAL (
          SELECT case_id, status, requested_at, requested_by, requested_by_staff_id, completed_at FROM erasure_case e
           WHERE e.status = s.status AND ($2::timestamptz IS NULL OR (e.requested_at, e.case_id) < ($2, $3::uuid))
           ORDER BY e.requested_at DESC, e.case_id DESC LIMIT $4) c
        ORDER BY c.requested_at DESC, c.case_id DESC LIMIT $4`,
      [query.status ? [query.status] : [...ERASURE_CASE_STATUSES], after?.at ?? null, after?.id ?? null, query.limit + 1],
    );
    return {
      rows: rows.map((row) => ({
        caseId: row.case_id,
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

  hasActiveHold(manager: EntityManager, accountId: string): Promise<boolean> {
    return manager
      .query(`SELECT 1 FROM legal_hold WHERE account_id = $1 AND released_at IS NULL AND (until IS NULL OR until > now()) LIMIT 1`, [accountId])
      .then((rows: unknown[]) => rows.length > 0);
  }

  /** Whether an erasure has been asked for (or done) for this account: too late for a hold. */
  async erasureUnderWay(manager: EntityManager, accountId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM erasure_case WHERE subject_id = $1 AND status <> 'held' LIMIT 1`, [accountId]);
    return rows.length > 0;
  }

  private async requestErasure(manager: EntityManager, caseId: string, subjectId: string): Promise<void> {
    await this.publisher.publish(manager, ErasureRequested, subjectId, { caseId, subjectId, requestedAt: new Date().toISOString() });
    await manager.query(
      `UPDATE erasure_case SET status = 'pending', attempts = attempts + 1, erasure_requested_at = now(),
              deadline_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE case_id = $1`,
      [caseId, this.config.ERASURE_DEADLINE_MS],
    );
  }

  private async missing(manager: EntityManager, caseId: string): Promise<string[]> {
    const answered: { service: string }[] = await manager.query(`SELECT service FROM erasure_answer WHERE case_id = $1`, [caseId]);
    const done = new Set(answered.map((a) => a.service));
    return this.config.PRIVACY_PARTICIPANTS.filter((s) => !done.has(s));
  }
}
