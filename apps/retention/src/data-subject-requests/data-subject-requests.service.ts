import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  TenantSubjectRequested,
  type CreateDataSubjectRequestBody,
  type DataSubjectRequestListQuery,
  type DataSubjectRequestSummary,
  type DataSubjectRequestType,
  type DataSubjectRequestView,
  type EventFrom,
  type OneOf,
  type TenantSubjectAnswered,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { pseudonymise } from '@sargs/platform/privacy';
import { NotFoundError, pageAfter, SERVICE_CONFIG, type ListPage } from '@sargs/platform/service';
import { tenantParticipants, type AppConfig } from '../config/app-config';
import { dataSubjectRequestsOverdue } from './data-subject-request-metrics';
import { DataSubjectRequestRepository, type DataSubjectRequestRow } from './data-subject-request.repository';

/** One answer for an unknown id and another organisation's request: nothing to tell apart. */
export const NO_SUCH_REQUEST = 'No such data-subject request';

/**
 * An organisation's data-subject requests (GDPR Art. 28(3)(e); docs/tenancy.md): retention asks
 * every service that holds tenant data (TenantSubjectRequested, with the address), collects their
 * answers (TenantSubjectAnswered, on each service's own export topic, so an answer is bound to the
 * service that wrote it), and completes the request when all have answered. The address is then
 * erased, only its keyed hash kept; an access result's rows are deleted after
 * DATA_SUBJECT_REQUEST_RESULT_TTL_MS. Overdue requests are asked again, then raised as an alert.
 */
@Injectable()
export class DataSubjectRequestsService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly requests: DataSubjectRequestRepository,
    private readonly publisher: EventPublisher,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async create(orgId: string, body: CreateDataSubjectRequestBody): Promise<{ id: string }> {
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      const requestedAt = await this.requests.insert(manager, {
        id,
        orgId,
        type: body.type,
        email: body.email,
        emailHash: this.hashOf(body.email),
        deadlineMs: this.config.DATA_SUBJECT_REQUEST_DEADLINE_MS,
      });
      await this.ask(manager, { id, orgId, type: body.type, email: body.email, requestedAt });
      // No service configured to hold tenant data: nothing holds anything about the address.
      if (this.participants().length === 0) await this.completeIfAnswered(manager, orgId, id);
    });
    return { id };
  }

  async view(orgId: string, id: string): Promise<DataSubjectRequestView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.requests.find(manager, orgId, id);
      if (!row) throw new NotFoundError(NO_SUCH_REQUEST);
      const answers = await this.requests.answersOf(manager, orgId, id);
      const summary = this.summary(row, new Map(answers.map((a) => [a.service, a.answered_at])));
      const resultExpired = row.result_expires_at !== null && row.result_expires_at.getTime() <= Date.now();
      const result =
        row.status !== 'completed' || resultExpired
          ? undefined
          : Object.fromEntries(answers.map((a) => [a.service, row.type === 'access' ? (a.tables ?? {}) : a.counts]));
      return { ...summary, ...(result ? { result } : {}), resultExpiresAt: row.result_expires_at?.toISOString() ?? null };
    });
  }

  /** Newest first, optionally only those about one address; fetches one row more than a page, for the next link. */
  async list(orgId: string, query: DataSubjectRequestListQuery): Promise<ListPage<DataSubjectRequestSummary>> {
    const after = pageAfter(query.cursor, 'uuid');
    const rows = await this.dataSource.transaction(async (manager) => {
      const found = await this.requests.page(manager, orgId, query.email === undefined ? undefined : this.hashOf(query.email), after, query.limit + 1);
      const times = await this.requests.answerTimesOf(manager, orgId, found.map((r) => r.id));
      return found.map((row) => this.summary(row, times.get(row.id) ?? new Map()));
    });
    return { rows, limit: query.limit, query: { email: query.email } };
  }

  /**
   * A service's answer. Kept only from a service that holds tenant data, for a pending request of
   * the same organisation and type; a second copy changes nothing. The last one completes it.
   */
  async answer(manager: EntityManager, answer: EventFrom<OneOf<typeof TenantSubjectAnswered>>['payload']): Promise<void> {
    if (!this.participants().includes(answer.service)) {
      this.logger.warn({ requestId: answer.requestId, service: answer.service }, 'data-subject answer from a service that holds no tenant data here; ignored');
      return;
    }
    // Only a request of the organisation the answer names: an answer cannot reach another's.
    const request = await this.requests.lock(manager, answer.orgId, answer.requestId);
    if (!request || request.status !== 'pending' || request.type !== answer.type) return;
    const tables = answer.type === 'access' ? (answer.tables ?? {}) : null;
    const counts = tables ? Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows.length])) : (answer.counts ?? {});
    await this.requests.addAnswer(manager, { requestId: answer.requestId, orgId: answer.orgId, service: answer.service, answeredAt: answer.answeredAt, tables, counts });
    await this.completeIfAnswered(manager, answer.orgId, answer.requestId);
  }

  /** A deleted organisation's requests and answers go with it. */
  async forgetOrganisation(manager: EntityManager, orgId: string): Promise<void> {
    const deleted = await this.requests.deleteAllOf(manager, orgId);
    if (deleted > 0) this.logger.info({ requests: deleted }, "a deleted organisation's data-subject requests removed");
  }

  /** Overdue requests asked again, or after the last attempt raised as an alert; expired access results deleted. */
  async sweep(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const overdue of await this.requests.lockOverdue(manager, 500)) {
        const missing = await this.missing(manager, overdue.id);
        if (overdue.attempts < this.config.DATA_SUBJECT_REQUEST_MAX_ATTEMPTS) {
          this.logger.warn({ requestId: overdue.id, missing, attempt: overdue.attempts + 1 }, 'data-subject answers overdue; asking again');
          await this.ask(manager, { id: overdue.id, orgId: overdue.subject_id, type: overdue.type, email: overdue.email, requestedAt: overdue.requested_at });
          await this.requests.markAskedAgain(manager, overdue.id, this.config.DATA_SUBJECT_REQUEST_DEADLINE_MS);
        } else {
          await this.requests.markAlerted(manager, overdue.id);
          this.logger.error({ requestId: overdue.id, missing }, 'ALERT: data-subject request overdue: services did not answer');
        }
      }
      const purged = await this.requests.purgeExpiredResults(manager);
      if (purged > 0) this.logger.info({ answers: purged }, 'expired data-subject access results deleted');
      dataSubjectRequestsOverdue.set(await this.requests.countAlerted(manager));
    });
  }

  private async ask(manager: EntityManager, request: { id: string; orgId: string; type: DataSubjectRequestType; email: string; requestedAt: Date }): Promise<void> {
    await this.publisher.publish(manager, TenantSubjectRequested, request.orgId, {
      requestId: request.id,
      orgId: request.orgId,
      type: request.type,
      email: request.email,
      requestedAt: request.requestedAt.toISOString(),
    });
  }

  private async completeIfAnswered(manager: EntityManager, orgId: string, id: string): Promise<void> {
    const request = await this.requests.lock(manager, orgId, id);
    if (!request || request.status !== 'pending') return;
    if ((await this.missing(manager, id)).length > 0) return;
    await this.requests.complete(manager, id, request.type === 'access' ? this.config.DATA_SUBJECT_REQUEST_RESULT_TTL_MS : null);
    this.logger.info({ requestId: id, type: request.type }, 'data-subject request completed; its address erased');
  }

  private participants(): string[] {
    return tenantParticipants(this.config);
  }

  private async missing(manager: EntityManager, id: string): Promise<string[]> {
    const answered = new Set(await this.requests.answeredServices(manager, id));
    return this.participants().filter((s) => !answered.has(s));
  }

  /** The address as a keyed hash: comparable with a later request's, unreadable. */
  private hashOf(email: string): string {
    return pseudonymise(this.config.PSEUDONYM_KEY, `data-subject-request\u0000${email}`);
  }

  private summary(row: DataSubjectRequestRow, answeredAt: Map<string, Date>): DataSubjectRequestSummary {
    return {
      id: row.id,
      type: row.type,
      status: row.status,
      email: row.email,
      requestedAt: row.requested_at.toISOString(),
      completedAt: row.completed_at?.toISOString() ?? null,
      services: this.participants().map((service) => ({ service, answeredAt: answeredAt.get(service)?.toISOString() ?? null })),
      overdue: row.status === 'pending' && (row.alerted_at !== null || (row.deadline_at !== null && row.deadline_at.getTime() < Date.now())),
    };
  }
}
