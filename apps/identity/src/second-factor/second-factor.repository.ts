import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { SealedSecret, SecondFactorStateName } from '@sargs/contracts';
import { SECOND_FACTOR_SUMMARY_SQL } from './second-factor-summary';

interface TotpColumns {
  secret: SealedSecret;
  confirmed_at: Date | null;
  last_used_step: string | null;
}

function totpRow(row: TotpColumns): TotpRow {
  return { secret: row.secret, confirmed: row.confirmed_at !== null, lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step) };
}

export interface TotpRow {
  secret: SealedSecret;
  confirmed: boolean;
  lastUsedStep: number | null;
}

/** Every statement on an account's authenticator app and recovery codes. */
@Injectable()
export class SecondFactorRepository {
  constructor(private readonly dataSource: DataSource) {}

  async totp(accountId: string, manager: EntityManager = this.dataSource.manager): Promise<TotpRow | undefined> {
    const rows: TotpColumns[] = await manager.query('SELECT secret, confirmed_at, last_used_step FROM totp_credential WHERE account_id = $1', [accountId]);
    return rows[0] && totpRow(rows[0]);
  }

  /** A login's second step: where the session stands (undefined when it is not live) and the account's confirmed app. */
  async loginStep(accountId: string, sessionId: string): Promise<{ session: SecondFactorStateName | undefined; totp: TotpRow | undefined }> {
    const rows: (Partial<TotpColumns> & { second_factor: SecondFactorStateName })[] = await this.dataSource.query(
      `SELECT s.second_factor, t.secret, t.confirmed_at, t.last_used_step
         FROM session s LEFT JOIN totp_credential t ON t.account_id = s.account_id AND t.confirmed_at IS NOT NULL
        WHERE s.id = $1 AND s.account_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [sessionId, accountId],
    );
    const row = rows[0];
    return { session: row?.second_factor, totp: row?.secret ? totpRow(row as TotpColumns) : undefined };
  }

  /** A new unconfirmed secret, replacing an unconfirmed one; false when a confirmed app exists. */
  async startTotp(accountId: string, secret: SealedSecret): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO totp_credential (account_id, secret, created_at) VALUES ($1, $2, now())
       ON CONFLICT (account_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_used_step = NULL
         WHERE totp_credential.confirmed_at IS NULL
       RETURNING account_id`,
      [accountId, JSON.stringify(secret)],
    );
    return rows.length > 0;
  }

  /** Sets a confirmed secret outright (the bootstrap staff account's, from configuration). */
  async setConfirmedTotp(manager: EntityManager, accountId: string, secret: SealedSecret): Promise<void> {
    await manager.query(
      `INSERT INTO totp_credential (account_id, secret, created_at, confirmed_at) VALUES ($1, $2, now(), now())
       ON CONFLICT (account_id) DO UPDATE SET secret = EXCLUDED.secret, confirmed_at = now(), last_used_step = NULL`,
      [accountId, JSON.stringify(secret)],
    );
  }

  /**
   * Takes time step `step` for the app, once: true only if no code of this step or a later one
   * was accepted before (two parallel requests with one code: one wins). `confirm` also turns an
   * unconfirmed app on; otherwise the app must be on already.
   */
  async useTotpStep(manager: EntityManager, accountId: string, step: number, confirm: boolean): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE totp_credential SET last_used_step = $2, confirmed_at = coalesce(confirmed_at, CASE WHEN $3 THEN now() END)
        WHERE account_id = $1 AND (last_used_step IS NULL OR last_used_step < $2) AND (confirmed_at IS NOT NULL) <> $3`,
      [accountId, step, confirm],
    );
    return count > 0;
  }

  async removeTotp(manager: EntityManager, accountId: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query('DELETE FROM totp_credential WHERE account_id = $1 AND confirmed_at IS NOT NULL', [accountId]);
    return count > 0;
  }

  async replaceRecoveryCodes(manager: EntityManager, accountId: string, hashes: Buffer[]): Promise<void> {
    await this.deleteRecoveryCodes(manager, accountId);
    await manager.query('INSERT INTO recovery_code (id, account_id, code_hash, created_at) SELECT unnest($2::uuid[]), $1, unnest($3::bytea[]), now()', [
      accountId,
      hashes.map(() => randomUUID()),
      hashes,
    ]);
  }

  async deleteRecoveryCodes(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query('DELETE FROM recovery_code WHERE account_id = $1', [accountId]);
  }

  /** Uses an unused recovery code, once; how many unused ones are left, or undefined when it matched none. */
  async useRecoveryCode(manager: EntityManager, accountId: string, hash: Buffer): Promise<number | undefined> {
    // (TypeORM answers an UPDATE with [rows, affected count].)
    const [, used]: [unknown[], number] = await manager.query('UPDATE recovery_code SET used_at = now() WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL', [
      accountId,
      hash,
    ]);
    if (used === 0) return undefined;
    const [{ n }]: { n: string }[] = await manager.query('SELECT count(*) AS n FROM recovery_code WHERE account_id = $1 AND used_at IS NULL', [accountId]);
    return Number(n);
  }

  /** Every second factor of the account, and its recovery codes (a restore that cannot trust them). */
  async removeAll(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query('DELETE FROM totp_credential WHERE account_id = $1', [accountId]);
    await manager.query('DELETE FROM recovery_code WHERE account_id = $1', [accountId]);
    await manager.query('DELETE FROM passkey WHERE account_id = $1', [accountId]);
  }

  /** Which second factors the account has switched on. */
  async summary(manager: EntityManager, accountId: string): Promise<{ totp: boolean; passkeys: number }> {
    const rows: { totp: boolean; passkeys: string | number }[] = await manager.query(`SELECT ${SECOND_FACTOR_SUMMARY_SQL} FROM account a WHERE a.id = $1`, [accountId]);
    return { totp: rows[0]?.totp ?? false, passkeys: Number(rows[0]?.passkeys ?? 0) };
  }
}
