import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SealedSecret } from '@sargs/contracts';
import type { MailRequestKind } from './mail-request.entity';

export interface PendingMailRequest {
  id: string;
  kind: MailRequestKind;
  accountId: string | null;
  sealed: SealedSecret;
  requestedAt: Date;
}

/** Every statement on mail_request: queued by the public endpoints, taken by MailRequestProcessor. */
@Injectable()
export class MailRequestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One INSERT, whatever the request is about: nothing on the request path looks at the account table. */
  async enqueue(kind: MailRequestKind, accountId: string | null, sealed: SealedSecret): Promise<void> {
    await this.dataSource.query('INSERT INTO mail_request (kind, account_id, sealed) VALUES ($1, $2, $3::jsonb)', [kind, accountId, JSON.stringify(sealed)]);
  }

  /**
   * The oldest request after `afterId` that no other worker holds, locked until the caller's
   * transaction ends (SKIP LOCKED: two workers never take the same request).
   */
  async lockNext(manager: EntityManager, afterId: string): Promise<PendingMailRequest | undefined> {
    const rows: { id: string; kind: MailRequestKind; account_id: string | null; sealed: SealedSecret; requested_at: Date }[] = await manager.query(
      `SELECT id, kind, account_id, sealed, requested_at FROM mail_request
        WHERE id > $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [afterId],
    );
    const row = rows[0];
    return row && { id: row.id, kind: row.kind, accountId: row.account_id, sealed: row.sealed, requestedAt: row.requested_at };
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM mail_request WHERE id = $1', [id]);
  }

  /** Counts a failed attempt; the attempts so far (0 when the request is gone). */
  async countFailure(id: string): Promise<number> {
    const rows: [{ attempts: number }[], number] = await this.dataSource.query('UPDATE mail_request SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts', [id]);
    return rows[0][0]?.attempts ?? 0;
  }

  /** Drops a request that kept failing. */
  async drop(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM mail_request WHERE id = $1', [id]);
  }
}
