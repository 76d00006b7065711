import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AnswerPrivacyRequestBody,
  type CreatePrivacyRequestBody,
  type PrivacyRequestListQuery,
  PrivacyRequestAnswered,
  type PrivacyRequestCreatedView,
  type PrivacyRequestOrder,
  type PrivacyRequestView,
  type StaffPrivacyRequestView,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, ConflictError, NotFoundError, pageAfter, type ListPage, type PagePosition } from '@sargs/platform/service';
import { privacyRequestDueAt } from './privacy-request-due-date';
import { PrivacyRequestRepository, type PrivacyRequestRow } from './privacy-request.repository';

/** What the person sees of their own request: never the staff member's id. */
function personView(row: PrivacyRequestRow): PrivacyRequestView {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    dueAt: row.due_at.toISOString(),
    ...(row.response !== null ? { response: row.response } : {}),
    createdAt: row.created_at.toISOString(),
    ...(row.answered_at ? { answeredAt: row.answered_at.toISOString() } : {}),
  };
}

/** Where a staff list row stands in its order: the cursor of the page after it. */
export function privacyRequestPosition(row: StaffPrivacyRequestView, order: PrivacyRequestOrder): PagePosition {
  return { at: new Date(order === 'due' ? row.dueAt : row.createdAt), id: row.id };
}

function staffView(row: PrivacyRequestRow, now: Date): StaffPrivacyRequestView {
  return {
    ...personView(row),
    accountId: row.account_id,
    message: row.message,
    overdue: row.status === 'open' && row.due_at.getTime() < now.getTime(),
    ...(row.answered_by ? { answeredBy: row.answered_by } : {}),
  };
}

/**
 * The privacy-request channel (R12) that replaces "write to privacy@": a person files a request
 * and reads the answer; staff (admin, dpo) list and answer them (R23). An answer is announced
 * (PrivacyRequestAnswered) and entered in the audit trail in the transaction that records it, so
 * the person's mail cannot be lost or sent for an answer that did not commit.
 */
@Injectable()
export class PrivacyRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: PrivacyRequestRepository,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {}

  async create(accountId: string, input: CreatePrivacyRequestBody, receivedAt = new Date()): Promise<PrivacyRequestCreatedView> {
    const id = randomUUID();
    const dueAt = privacyRequestDueAt(receivedAt);
    await this.requests.insert({ id, accountId, type: input.type, message: input.message, createdAt: receivedAt, dueAt });
    return { id, dueAt: dueAt.toISOString() };
  }

  /** My requests, newest first. */
  async mine(accountId: string): Promise<PrivacyRequestView[]> {
    return (await this.requests.ofAccount(accountId)).map(personView);
  }

  /**
   * Every request, optionally of one status (`?status=open` is the work queue), one page at a
   * time: newest first, or by due date (earliest first, so open overdue requests lead).
   */
  async list(query: PrivacyRequestListQuery): Promise<ListPage<StaffPrivacyRequestView> & { order: PrivacyRequestOrder }> {
    const after = pageAfter(query.cursor, 'uuid');
    const rows = await this.requests.page({ status: query.status, order: query.order }, after, query.limit + 1);
    const now = new Date();
    return { rows: rows.map((row) => staffView(row, now)), limit: query.limit, query: { status: query.status, order: query.order }, order: query.order };
  }

  /** One request as the staff list shows it; 404 for an unknown one. */
  async one(id: string): Promise<StaffPrivacyRequestView> {
    const row = await this.requests.find(id);
    if (!row) throw new NotFoundError('No such privacy request');
    return staffView(row, new Date());
  }

  /** Closes an open request with staff's answer; 404 for an unknown one, 409 once it is closed. */
  async answer(id: string, input: AnswerPrivacyRequestBody, staffId: string): Promise<StaffPrivacyRequestView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.close(manager, id, input.status, input.response, staffId);
      const answeredAt = row.answered_at ?? new Date();
      await this.publisher.publish(manager, PrivacyRequestAnswered, row.account_id, {
        requestId: row.id,
        accountId: row.account_id,
        status: input.status,
        answeredAt: answeredAt.toISOString(),
      });
      await this.audit.record(manager, { action: `privacy-request.${input.status}`, actorId: staffId, subject: row.account_id, reference: row.id });
      return staffView(row, new Date());
    });
  }

  /** Ids of open requests past their due date (oldest due first, at most `limit`), and how many there are. */
  async overdue(limit: number): Promise<{ count: number; ids: string[] }> {
    return this.requests.overdue(limit);
  }

  private async close(manager: EntityManager, id: string, status: 'answered' | 'rejected', response: string, staffId: string): Promise<PrivacyRequestRow> {
    // Only an open request changes: a second answer at once finds it closed (409).
    const row = await this.requests.closeIfOpen(manager, id, { status, response, staffId });
    if (row) return row;
    const existing = await this.requests.statusOf(manager, id);
    if (!existing) throw new NotFoundError('No such privacy request');
    throw new ConflictError(`This privacy request is already ${existing}`);
  }
}
