import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountToken, type TokenPurpose } from './account-token.entity';

/** Every statement on account_token, each in the caller's transaction. Tokens are found by hash only. */
@Injectable()
export class AccountTokenRepository {
  async insert(manager: EntityManager, token: AccountToken): Promise<void> {
    await manager.insert(AccountToken, token);
  }

  /** Marks the account's unused tokens (of `purpose`, or all) used. */
  async retireUnused(manager: EntityManager, accountId: string, purpose?: TokenPurpose): Promise<void> {
    await manager.query('UPDATE account_token SET used_at = now() WHERE account_id = $1 AND ($2::text IS NULL OR purpose = $2) AND used_at IS NULL', [
      accountId,
      purpose ?? null,
    ]);
  }

  /** Marks a live token of `purpose` used in one statement (two racing uses cannot both win); its account. */
  async use(manager: EntityManager, tokenHash: Buffer, purpose: TokenPurpose): Promise<string | undefined> {
    const rows: [{ account_id: string }[], number] = await manager.query(
      `UPDATE account_token SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING account_id`,
      [tokenHash, purpose],
    );
    return rows[0][0]?.account_id;
  }

  /** Whether the token would be accepted now (unused, unexpired), without using it. */
  async isUsable(manager: EntityManager, tokenHash: Buffer, purpose: TokenPurpose): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM account_token WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
      [tokenHash, purpose],
    );
    return rows.length > 0;
  }

  /** The same for an e-mail change token of this account only; the address it confirms. */
  async useEmailChange(manager: EntityManager, accountId: string, tokenHash: Buffer): Promise<string | undefined> {
    const rows: [{ new_email: string | null }[], number] = await manager.query(
      `UPDATE account_token SET used_at = now()
        WHERE token_hash = $1 AND purpose = 'change-email' AND account_id = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING new_email`,
      [tokenHash, accountId],
    );
    return rows[0][0]?.new_email ?? undefined;
  }

  /** Deletes tokens that stopped working (used or expired) more than `olderThanMs` ago; how many. */
  async deleteFinished(manager: EntityManager, olderThanMs: number): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM account_token WHERE coalesce(used_at, expires_at) < now() - $1 * interval '1 millisecond'`,
      [olderThanMs],
    );
    return result[1];
  }
}
