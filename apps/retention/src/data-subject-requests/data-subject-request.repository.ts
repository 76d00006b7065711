import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DataSubjectRequestStatus, DataSubjectRequestType } from '@sargs/contracts';
import type { PagePosition } from '@sargs/platform/service';

export interface DataSubjectRequestRow {
  id: string;
  subject_id: string;
  type: DataSubjectRequestType;
  email: string | null;
  status: DataSubjectRequestStatus;
  requested_at: Date;
  completed_at: Date | null;
  deadline_at: Date | null;
  alerted_at: Date | null;
  result_expires_at: Date | null;
}

export interface DataSubjectAnswerRow {
  service: string;
  answered_at: Date;
  tables: Record<string, Record<string, unknown>[]> | null;
  counts: Record<string, number>;
}

export interface NewDataSubjectRequest {
  id: string;
  orgId: string;
  type: DataSubjectRequestType;
  email: string;
  emailHash: string;
  deadlineMs: number;
}

const REQUEST_COLUMNS = 'id, subject_id, type, email, status, requested_at, completed_at, deadline_at, alerted_at, result_expires_at';

/**
 * Every statement on data_subject_request and data_subject_answer: a request and its answers are
 * one aggregate, whose subject is the organisation that asked. Every read for an organisation
 * selects by it, so one organisation never reaches another's requests. Methods run in the caller's
 * transaction.
 */
@Injectable()
export class DataSubjectRequestRepository {
  /** A new pending request, asked once; its request time (to the millisecond: the list's cursor carries it). */
  async insert(manager: EntityManager, row: NewDataSubjectRequest): Promise<Date> {
    const [inserted]: { requested_at: Date }[] = await manager.query(
      `INSERT INTO data_subject_request (id, subject_id, type, email, email_hash, status, requested_at, attempts, deadline_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', date_trunc('milliseconds', now()), 1, now() + make_interval(secs => $6::double precision / 1000))
       RETURNING requested_at`,
      [row.id, row.orgId, row.type, row.email, row.emailHash, row.deadlineMs],
    );
    return inserted.requested_at;
  }

  async find(manager: EntityManager, orgId: string, id: string): Promise<DataSubjectRequestRow | undefined> {
    const [row]: DataSubjectRequestRow[] = await manager.query(`SELECT ${REQUEST_COLUMNS} FROM data_subject_request WHERE id = $1 AND subject_id = $2`, [id, orgId]);
    return row;
  }

  answersOf(manager: EntityManager, orgId: string, id: string): Promise<DataSubjectAnswerRow[]> {
    return manager.query(`SELECT service, answered_at, tables, counts FROM data_subject_answer WHERE request_id = $1 AND subject_id = $2 ORDER BY service`, [id, orgId]);
  }

  /** When each of the requests' services answered. */
  async answerTimesOf(manager: EntityManager, orgId: string, ids: readonly string[]): Promise<Map<string, Map<string, Date>>> {
    const rows: { request_id: string; service: string; answered_at: Date }[] = await manager.query(
      `SELECT request_id, service, answered_at FROM data_subject_answer WHERE subject_id = $1 AND request_id = ANY($2::uuid[])`,
      [orgId, ids],
    );
    const times = new Map<string, Map<string, Date>>();
    for (const row of rows) {
      const services = times.get(row.request_id) ?? new Map<string, Date>();
      services.set(row.service, row.answered_at);
      times.set(row.request_id, services);
    }
    return times;
  }

  /** Newest first, optionally only those about one address (by its hash), after a position; `limit` rows. */
  page(manager: EntityManager, orgId: string, emailHash: string | undefined, after: PagePosition | undefined, limit: number): Promise<DataSubjectRequestRow[]> {
    return manager.query(
      `SELECT ${REQUEST_COLUMNS} FROM data_subject_request
        WHERE subject_id = $1 AND ($2::varchar IS NULL OR email_hash = $2)
          AND ($3::timestamptz IS NULL OR (requested_at, id) < ($3, $4::uuid))
        ORDER BY requested_at DESC, id DESC LIMIT $5`,
      [orgId, emailHash ?? null, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  /** The request under a row lock, which serialises concurrent answers. */
  async lock(manager: EntityManager, orgId: string, id: string): Promise<{ type: DataSubjectRequestType; status: DataSubjectRequestStatus } | undefined> {
    const [row]: { type: DataSubjectRequestType; status: DataSubjectRequestStatus }[] = await manager.query(
      `SELECT type, status FROM data_subject_request WHERE id = $1 AND subject_id = $2 FOR UPDATE`,
      [id, orgId],
    );
    return row;
  }

  /** A service's answer, once per request and service (a redelivery or a repeated answer changes nothing). */
  async addAnswer(manager: EntityManager, answer: { requestId: string; orgId: string; service: string; answeredAt: string; tables: unknown; counts: Record<string, number> }): Promise<void> {
    await manager.query(
      `INSERT INTO data_subject_answer (request_id, service, subject_id, answered_at, tables, counts) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (request_id, service) DO NOTHING`,
      [answer.requestId, answer.service, answer.orgId, answer.answeredAt, answer.tables === null ? null : JSON.stringify(answer.tables), JSON.stringify(answer.counts)],
    );
  }

  async answeredServices(manager: EntityManager, id: string): Promise<string[]> {
    const rows: { service: string }[] = await manager.query(`SELECT service FROM data_subject_answer WHERE request_id = $1`, [id]);
    return rows.map((row) => row.service);
  }

  /** Completed: the address erased (its hash stays), an access result kept `resultTtlMs`. */
  async complete(manager: EntityManager, id: string, resultTtlMs: number | null): Promise<void> {
    await manager.query(
      `UPDATE data_subject_request SET status = 'completed', completed_at = now(), email = NULL, deadline_at = NULL,
              result_expires_at = CASE WHEN $2::double precision IS NULL THEN NULL ELSE now() + make_interval(secs => $2::double precision / 1000) END
        WHERE id = $1`,
      [id, resultTtlMs],
    );
  }

  /** Pending requests past their deadline, locked; one instance sweeps each (SKIP LOCKED). */
  lockOverdue(manager: EntityManager, limit: number): Promise<{ id: string; subject_id: string; type: DataSubjectRequestType; email: string; attempts: number; requested_at: Date }[]> {
    return manager.query(
      `SELECT id, subject_id, type, email, attempts, requested_at FROM data_subject_request
        WHERE status = 'pending' AND deadline_at < now() FOR UPDATE SKIP LOCKED LIMIT $1`,
      [limit],
    );
  }

  /** Asked again: one more attempt, answers due within `deadlineMs`. */
  async markAskedAgain(manager: EntityManager, id: string, deadlineMs: number): Promise<void> {
    await manager.query(`UPDATE data_subject_request SET attempts = attempts + 1, deadline_at = now() + make_interval(secs => $2::double precision / 1000) WHERE id = $1`, [
      id,
      deadlineMs,
    ]);
  }

  /** Raised as overdue after the last attempt: no longer asked by the sweep, still pending. */
  async markAlerted(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE data_subject_request SET alerted_at = now(), deadline_at = NULL WHERE id = $1`, [id]);
  }

  /** Deletes the rows of access results past their expiry (the counts stay); how many answers. */
  async purgeExpiredResults(manager: EntityManager): Promise<number> {
    const purged: { request_id: string }[] = await manager.query(
      `WITH purged AS (
         UPDATE data_subject_answer a SET tables = NULL FROM data_subject_request r
          WHERE r.id = a.request_id AND r.result_expires_at <= now() AND a.tables IS NOT NULL
          RETURNING a.request_id)
       SELECT request_id FROM purged`,
    );
    return purged.length;
  }

  /** How many requests are pending and raised as overdue (a gauge). */
  async countAlerted(manager: EntityManager): Promise<number> {
    const [{ n }]: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM data_subject_request WHERE status = 'pending' AND alerted_at IS NOT NULL`);
    return n;
  }

  /** Every request of a deleted organisation, with its answers; how many requests. */
  async deleteAllOf(manager: EntityManager, orgId: string): Promise<number> {
    const gone: { id: string }[] = await manager.query(`WITH gone AS (DELETE FROM data_subject_request WHERE subject_id = $1 RETURNING id) SELECT id FROM gone`, [orgId]);
    await manager.query(`DELETE FROM data_subject_answer WHERE request_id = ANY($1::uuid[])`, [gone.map((g) => g.id)]);
    return gone.length;
  }
}
