import { Client } from 'pg';
import { RESTORE_REPLAY_TOPICS, SARGS_SERVICES, TOPICS, type ServiceName } from '@sargs/contracts';
import type { ReplayTarget } from '@sargs/platform/messaging';

/** The topics a restored database's service replays (RESTORE_REPLAY_TOPICS); the erasure ledger for a name that is no service. */
export function replayTopicsOf(name: string): readonly string[] {
  return (SARGS_SERVICES as readonly string[]).includes(name) ? RESTORE_REPLAY_TOPICS[name as ServiceName] : [TOPICS.privacyErasure];
}

/**
 * The services that refuse to answer until their replay is done, and so get a mark in their
 * restored database: identity (logins, sessions; docs/identity.md "After a restore").
 */
export const REPLAY_GATED = new Set<string>(['identity']);

/**
 * Marks a restored database as replaying: its service answers 503 until its consumer group has
 * committed up to `targets`, then deletes the mark. The table is the one identity's migration
 * AddRestoreReplay creates (a backup older than it has none yet).
 */
export async function markReplayPending(url: string, backupId: string, targets: readonly ReplayTarget[]): Promise<void> {
  const client = new Client({ connectionString: url, application_name: 'sargs-restore', connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "restore_replay" ("backup_id" uuid NOT NULL, "restored_at" TIMESTAMP WITH TIME ZONE NOT NULL, "targets" jsonb NOT NULL,
      CONSTRAINT "PK_588bf9d4a1364d1ded1e703eb3b" PRIMARY KEY ("backup_id"))`);
    await client.query(
      `INSERT INTO restore_replay (backup_id, restored_at, targets) VALUES ($1, now(), $2::jsonb)
       ON CONFLICT (backup_id) DO UPDATE SET restored_at = excluded.restored_at, targets = excluded.targets`,
      [backupId, JSON.stringify(targets)],
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
