import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PrivacyRequestOrder, PrivacyRequestStatus, PrivacyRequestType } from '@sargs/contracts';
import type { PagePosition } from '@sargs/platform/service';

export interface PrivacyRequestRow {
  id: string;
  account_id: string;
  type: PrivacyRequestType;
  message: string;
  status: PrivacyRequestStatus;
  created_at: Date;
  due_at: Date;
  response: string | null;
  answered_at: Date | null;
  answered_by: string | null;
}

const COLUMNS = 'id, account_id, type, message, status, created_at, due_at, response, answered_at, answered_by';

/** Every statement on privacy_request; methods that take a manager run in the caller's transaction. */
@Injectable()
export class PrivacyRequestRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(request: { id: string; accountId: string; type: PrivacyRequestType; message: string; createdAt: Date; dueAt: Date }): Promise<void> {
    await this.dataSource.query(`INSERT INTO privacy_request (id, account_id, type, message, status, created_at, due_at) VALUES ($1, $2, $3, $4, 'open', $5, $6)`, [
      request.id,
      request.accountId,
      request.type,
      request.message,
      request.createdAt,
      request.dueAt,
    ]);
  }

  /** The account's requests, newest first. */
  ofAccount(accountId: string): Promise<PrivacyRequestRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM privacy_request WHERE account_id = $1 ORDER BY created_at DESC, id`, [accountId]);
  }

  /** One page, optionally of one status: newest first, or by due date (earliest first); keyset on (time, id). */
  page(filter: { status?: PrivacyRequestStatus; order: PrivacyRequestOrder }, after: PagePosition | undefined, limit: number): Promise<PrivacyRequestRow[]> {
    const due = filter.order === 'due';
    const keyset = due ? '(due_at, id) > ($2, $3::uuid)' : '(created_at, id) < ($2, $3::uuid)';
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM privacy_request
        WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR ${keyset})
        ORDER BY ${due ? 'due_at, id' : 'created_at DESC, id DESC'} LIMIT $4`,
      [filter.status ?? null, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  async find(id: string): Promise<PrivacyRequestRow | undefined> {
    const [row]: PrivacyRequestRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM privacy_request WHERE id = $1`, [id]);
    return row;
  }

  /**
   * Closes the request if it is open; undefined otherwise. Of two staff answering at once, the
   * second waits for the first's row lock, then finds it closed.
   */
  async closeIfOpen(manager: EntityManager, id: string, answer: { status: 'answered' | 'rejected'; response: string; staffId: string }): Promise<PrivacyRequestRow | undefined> {
    const [updated]: [PrivacyRequestRow[], number] = await manager.query(
      `UPDATE privacy_request SET status = $2, response = $3, answered_at = now(), answered_by = $4
        WHERE id = $1 AND status = 'open'
       RETURNING ${COLUMNS}`,
      [id, answer.status, answer.response, answer.staffId],
    );
    return updated[0];
  }

  async statusOf(manager: EntityManager, id: string): Promise<PrivacyRequestStatus | undefined> {
    const [existing]: { status: PrivacyRequestStatus }[] = await manager.query(`SELECT status FROM privacy_request WHERE id = $1`, [id]);
    return existing?.status;
  }

  /** Open requests past their due date: how many, and the ids of the `limit` due first. */
  async overdue(limit: number): Promise<{ count: number; ids: string[] }> {
    const [counted]: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM privacy_request WHERE status = 'open' AND due_at < now()`);
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM privacy_request WHERE status = 'open' AND due_at < now() ORDER BY due_at, id LIMIT $1`, [limit]);
    return { count: Number(counted.n), ids: rows.map((r) => r.id) };
  }
}
