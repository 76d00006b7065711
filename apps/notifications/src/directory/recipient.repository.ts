import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  AccountClosureRequested,
  AccountEmailChanged,
  AccountEmailVerified,
  AccountRegistered,
  ConsentChanged,
  EventDefinition,
  EventFrom,
  ProfileChanged,
} from '@sargs/contracts';

type Payload<D extends EventDefinition> = EventFrom<D>['payload'];

/**
 * Every statement on the recipient directory and its consent projection (recipient,
 * recipient_consent), each in the consumer's transaction. Events about one account come from
 * three topics in no guaranteed order, so every write is an upsert that keeps the newest value
 * by its source time (or ledger sequence).
 */
@Injectable()
export class RecipientRepository {
  async recordRegistration(manager: EntityManager, p: Payload<typeof AccountRegistered>): Promise<void> {
    await manager.query(
      `INSERT INTO recipient (account_id, email, name, language, registered_at, email_at, profile_at)
       VALUES ($1, $2, $3, $4, $5, $5, $5)
       ON CONFLICT (account_id) DO UPDATE SET
         registered_at = EXCLUDED.registered_at,
         email = CASE WHEN recipient.email_at IS NULL OR recipient.email_at < EXCLUDED.email_at THEN EXCLUDED.email ELSE recipient.email END,
         email_at = GREATEST(recipient.email_at, EXCLUDED.email_at),
         name = CASE WHEN recipient.profile_at IS NULL OR recipient.profile_at < EXCLUDED.profile_at THEN EXCLUDED.name ELSE recipient.name END,
         language = CASE WHEN recipient.profile_at IS NULL OR recipient.profile_at < EXCLUDED.profile_at THEN EXCLUDED.language ELSE recipient.language END,
         profile_at = GREATEST(recipient.profile_at, EXCLUDED.profile_at)`,
      [p.accountId, p.email, p.name, p.language, p.registeredAt],
    );
  }

  async recordEmailVerified(manager: EntityManager, p: Payload<typeof AccountEmailVerified>): Promise<void> {
    await manager.query(
      `INSERT INTO recipient (account_id, email_verified) VALUES ($1, true)
       ON CONFLICT (account_id) DO UPDATE SET email_verified = true`,
      [p.accountId],
    );
  }

  /** The address the directory holds for the account now (none for an unknown or closed one). */
  async currentAddress(manager: EntityManager, accountId: string): Promise<string | undefined> {
    const rows: { email: string | null }[] = await manager.query('SELECT email FROM recipient WHERE account_id = $1 AND closed_at IS NULL', [accountId]);
    return rows[0]?.email ?? undefined;
  }

  /** The account this address belongs to, if the directory knows one (an open account before a closing one). */
  async accountWithAddress(manager: EntityManager, email: string): Promise<string | undefined> {
    const rows: { account_id: string }[] = await manager.query(
      'SELECT account_id FROM recipient WHERE email = $1 ORDER BY closed_at IS NOT NULL, account_id LIMIT 1',
      [email],
    );
    return rows[0]?.account_id;
  }

  /** The new address was proven by its confirmation link. */
  async recordEmailChange(manager: EntityManager, p: Payload<typeof AccountEmailChanged>): Promise<void> {
    await manager.query(
      `INSERT INTO recipient (account_id, email, email_at, email_verified) VALUES ($1, $2, $3, true)
       ON CONFLICT (account_id) DO UPDATE SET
         email = CASE WHEN recipient.email_at IS NULL OR recipient.email_at < EXCLUDED.email_at THEN EXCLUDED.email ELSE recipient.email END,
         email_at = GREATEST(recipient.email_at, EXCLUDED.email_at),
         email_verified = true`,
      [p.accountId, p.email, p.changedAt],
    );
  }

  async recordProfileChange(manager: EntityManager, p: Payload<typeof ProfileChanged>): Promise<void> {
    await manager.query(
      `INSERT INTO recipient (account_id, name, language, profile_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id) DO UPDATE SET
         name = CASE WHEN recipient.profile_at IS NULL OR recipient.profile_at < EXCLUDED.profile_at THEN EXCLUDED.name ELSE recipient.name END,
         language = CASE WHEN recipient.profile_at IS NULL OR recipient.profile_at < EXCLUDED.profile_at THEN EXCLUDED.language ELSE recipient.language END,
         profile_at = GREATEST(recipient.profile_at, EXCLUDED.profile_at)`,
      [p.accountId, p.name, p.language, p.changedAt],
    );
  }

  /** The first closure time stays. */
  async recordClosure(manager: EntityManager, p: Payload<typeof AccountClosureRequested>): Promise<void> {
    await manager.query(
      `INSERT INTO recipient (account_id, closed_at) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE SET closed_at = COALESCE(recipient.closed_at, EXCLUDED.closed_at)`,
      [p.accountId, p.requestedAt],
    );
  }

  async recordConsent(manager: EntityManager, p: Payload<typeof ConsentChanged>): Promise<void> {
    await manager.query(
      `INSERT INTO recipient_consent (account_id, purpose, granted, sequence) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, purpose) DO UPDATE SET granted = EXCLUDED.granted, sequence = EXCLUDED.sequence
       WHERE recipient_consent.sequence < EXCLUDED.sequence`,
      [p.accountId, p.purpose, p.granted, p.sequence],
    );
  }
}
