import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PasskeyCeremony } from './passkey-challenge.entity';

export interface StoredPasskey {
  id: string;
  accountId: string;
  credentialId: Buffer;
  publicKey: Buffer;
  signCount: number;
  transports: string[];
}

export interface PasskeyListRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A passkey as registered: the stored credential and the owner's label for it. */
export type NewPasskey = StoredPasskey & { name: string };

export interface TakenChallenge {
  challenge: string;
}

/** Every statement on passkeys and the challenges handed out for them. */
@Injectable()
export class PasskeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(accountId: string): Promise<PasskeyListRow[]> {
    const rows: { id: string; name: string; created_at: Date; last_used_at: Date | null }[] = await this.dataSource.query(
      'SELECT id, name, created_at, last_used_at FROM passkey WHERE account_id = $1 ORDER BY created_at DESC, id',
      [accountId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  /** The account's credential ids and transports: what a browser must not make again, or may offer. */
  async descriptors(accountId: string): Promise<{ credentialId: Buffer; transports: string[] }[]> {
    const rows: { credential_id: Buffer; transports: string[] }[] = await this.dataSource.query('SELECT credential_id, transports FROM passkey WHERE account_id = $1', [
      accountId,
    ]);
    return rows.map((r) => ({ credentialId: r.credential_id, transports: r.transports }));
  }

  async byCredentialId(credentialId: Buffer): Promise<StoredPasskey | undefined> {
    const rows: { id: string; account_id: string; credential_id: Buffer; public_key: Buffer; sign_count: string; transports: string[] }[] = await this.dataSource.query(
      'SELECT id, account_id, credential_id, public_key, sign_count, transports FROM passkey WHERE credential_id = $1',
      [credentialId],
    );
    const row = rows[0];
    return (
      row && { id: row.id, accountId: row.account_id, credentialId: row.credential_id, publicKey: row.public_key, signCount: Number(row.sign_count), transports: row.transports }
    );
  }

  /** False when this credential is registered already (to this or any account). */
  async insert(manager: EntityManager, passkey: NewPasskey): Promise<{ createdAt: Date } | undefined> {
    const rows: { created_at: Date }[] = await manager.query(
      `INSERT INTO passkey (id, account_id, credential_id, public_key, sign_count, transports, name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (credential_id) DO NOTHING RETURNING created_at`,
      [passkey.id, passkey.accountId, passkey.credentialId, passkey.publicKey, passkey.signCount, JSON.stringify(passkey.transports), passkey.name],
    );
    return rows[0] && { createdAt: rows[0].created_at };
  }

  /**
   * Records a login with the passkey: its new signature counter, once. False when the counter did
   * not go up (a cloned authenticator, or a parallel use of the same signature); authenticators
   * without a counter always send 0, and may.
   */
  async use(manager: EntityManager, id: string, newCount: number): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE passkey SET sign_count = $2, last_used_at = now() WHERE id = $1 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))`,
      [id, newCount],
    );
    return count > 0;
  }

  async remove(manager: EntityManager, accountId: string, id: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query('DELETE FROM passkey WHERE id = $1 AND account_id = $2', [id, accountId]);
    return count > 0;
  }

  /**
   * Holds the account row until the transaction ends: changes to its second factors (the first
   * one issues recovery codes, the last one takes them) happen one at a time.
   */
  async lockAccount(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query('SELECT 1 FROM account WHERE id = $1 FOR UPDATE', [accountId]);
  }

  async createChallenge(challenge: { id: string; ceremony: PasskeyCeremony; challenge: string; accountId: string | null; sessionId: string | null; ttlMs: number }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO passkey_challenge (id, ceremony, challenge, account_id, session_id, expires_at) VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')`,
      [challenge.id, challenge.ceremony, challenge.challenge, challenge.accountId, challenge.sessionId, challenge.ttlMs],
    );
  }

  /**
   * Takes a challenge for one answer: it is deleted whatever the answer turns out to be, so it
   * never serves twice. Undefined when unknown, used, expired, or another ceremony's, account's or session's.
   */
  async takeChallenge(id: string, ceremony: PasskeyCeremony, accountId: string | null, sessionId: string | null): Promise<TakenChallenge | undefined> {
    const [rows]: [{ challenge: string; live: boolean }[], number] = await this.dataSource.query(
      `DELETE FROM passkey_challenge WHERE id = $1 AND ceremony = $2 AND account_id IS NOT DISTINCT FROM $3 AND session_id IS NOT DISTINCT FROM $4
       RETURNING challenge, expires_at > now() AS live`,
      [id, ceremony, accountId, sessionId],
    );
    const row = rows[0];
    return row?.live ? { challenge: row.challenge } : undefined;
  }

  /** Deletes challenges never answered (R21): they are useless once expired. */
  async purgeChallenges(manager: EntityManager): Promise<number> {
    const [, count]: [unknown[], number] = await manager.query('DELETE FROM passkey_challenge WHERE expires_at < now()');
    return count;
  }
}
