import { z } from 'zod';
import { assertAgeRecipient } from './backup-encryption';
import { signingKeyOf } from './backup-signature';

/** A database's name in BACKUP_DATABASES: the owning service's name (it names its dump and consumer group). */
export const BACKUP_DATABASE_NAME = /^[a-z][a-z0-9_-]{0,49}$/u;

export interface BackupDatabase {
  /** The service whose database it is, e.g. `identity`. */
  name: string;
  /** A postgres:// URL of the dedicated read-only backup role (never the service's own). */
  url: string;
}

const POSTGRES_URL = /^postgres(ql)?:\/\/[^/]+\/[^/?]+/u;

/**
 * `name=postgres://…` pairs, comma-separated (percent-encode a comma in a password). Empty or
 * unset: backups are off. Messages name the problem, never a value (the URLs hold passwords).
 */
const envBackupDatabases = z
  .string()
  .default('')
  .transform((value, ctx): BackupDatabase[] => {
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const databases: BackupDatabase[] = [];
    for (const [index, entry] of entries.entries()) {
      const equals = entry.indexOf('=');
      const name = equals > 0 ? entry.slice(0, equals).trim() : '';
      const url = equals > 0 ? entry.slice(equals + 1).trim() : '';
      if (!BACKUP_DATABASE_NAME.test(name) || !POSTGRES_URL.test(url)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `entry ${index + 1} must be name=postgres://user:password@host:port/database (name: lowercase letters, digits, - or _)` });
        return z.NEVER;
      }
      if (databases.some((d) => d.name === name)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `names "${name}" twice` });
        return z.NEVER;
      }
      databases.push({ name, url });
    }
    return databases;
  });

const MAX_TIMER_MS = 2_147_483_647;

/** A key checked by `check` (which throws a message naming nothing of the value); empty: unset. */
const envKey = (check: (value: string) => unknown) =>
  z
    .string()
    .trim()
    .default('')
    .superRefine((value, ctx) => {
      if (!value) return;
      try {
        check(value);
      } catch (err) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
      }
    });

/** Backups' environment variables (merged into the app's schema in config/app-config.ts). */
export const BACKUPS_CONFIG = {
  /**
   * The databases to back up: `name=postgres://…` pairs, comma-separated, each URL with the
   * dedicated read-only backup role (docs/architecture.md, "Personal data and erasure"). Empty: backups are off.
   */
  BACKUP_DATABASES: envBackupDatabases,
  /** The backup store: a directory (created mode 0700); required when BACKUP_DATABASES is set. */
  BACKUP_DIR: z.string().trim().default(''),
  /** Time between two backups (the regular cycle of R14). */
  BACKUP_INTERVAL_MS: z.coerce
    .number({ invalid_type_error: 'must be a positive integer' })
    .int('must be a positive integer')
    .positive('must be a positive integer')
    .max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} (about 24.8 days)`)
    .default(24 * 60 * 60 * 1000),
  /** Days a backup is kept; R14 allows no more than 30. */
  BACKUP_RETENTION_DAYS: z.coerce
    .number({ invalid_type_error: 'must be a whole number of days from 1 to 30' })
    .int('must be a whole number of days from 1 to 30')
    .positive('must be a whole number of days from 1 to 30')
    .max(30, 'must be at most 30: R14 keeps no backup longer than 30 days')
    .default(30),
  /**
   * The age recipient (public key, `age1…`) every dump is encrypted to as it is written; its
   * identity (private key) is never given to retention, only to the restore tool. Required when
   * BACKUP_DATABASES is set.
   */
  BACKUP_ENCRYPTION_RECIPIENT: envKey(assertAgeRecipient),
  /**
   * Ed25519 private key (base64 PKCS#8 DER) that signs each backup's manifest; never stored on
   * the backup volume. The restore tool verifies with its public key. Required when
   * BACKUP_DATABASES is set.
   */
  BACKUP_SIGNING_KEY: envKey(signingKeyOf),
  /** The pg_dump binary; its major version must be at least the server's (15). */
  PG_DUMP_PATH: z.string().trim().min(1, 'must name the pg_dump binary').default('pg_dump'),
};
