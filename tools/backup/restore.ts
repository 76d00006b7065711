// Restores service databases from a retention backup and replays the erasure ledger (R14).
//
// Any deployment (the services concerned stopped; PostgreSQL and Kafka running):
//   node -r @swc-node/register tools/backup/restore.ts <backupDir> <backupId> <name>=<owner-url>... \
//     --signing-public-key <base64 SPKI> --identity-file <age identity file> \
//     [--kafka-brokers host:port,...] [--replay-margin-minutes 60] [--pg-restore /usr/bin/pg_restore]
// <name> is the database's name in the backup (the service: identity, profile, ...), <owner-url>
// a postgres:// URL with the credentials of the role that owns that database (the service's own
// DATABASE_URL), never the read-only backup role.
//
// The local stack (`npm start` stopped; this starts its PostgreSQL and Kafka, or uses
// DATABASE_URL / KAFKA_BROKERS, with the passwords and backup keys of .data/dev-secrets.json):
//   node -r @swc-node/register tools/backup/restore.ts <backupId> [--databases identity,profile,...]
//
// The backup's manifest must be signed by the key whose public half is given, and unaltered, and
// every dump must match it and decrypt with the identity: otherwise nothing is changed.
// Afterwards start the services again: each consumes privacy.erasure.v1 again from the backup's
// time and erases everyone erased since. See docs/retention.md, "Backups and restore".
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TOPICS } from '@sargs/contracts';
import { assertPortsFree, DEFAULT_INFRASTRUCTURE_PORTS, ensureDevSecrets, SARGS_SERVICES, startInfrastructure, type PortClaim, type ServiceName } from '@sargs/devstack';
import { verifyingKeyOf } from '../../apps/retention/src/backups/backup-signature';
import { DirectoryBackupStore } from '../../apps/retention/src/backups/backup-store';
import { BACKUP_DATABASE_NAME } from '../../apps/retention/src/backups/backups.config';
import { loadConfig } from '@sargs/platform/config';
import { kafkaAccessOf, kafkaConfigSchema, type KafkaAccess } from '@sargs/platform/messaging';
import { RestorePreconditionError, restoreBackup, type RestoreResult, type RestoreTarget } from './restore-backup';
import type { BackupKeys } from './verify-backup';

const REPO_ROOT = path.resolve(__dirname, '../..');

const USAGE = `usage: restore.ts <backupDir> <backupId> <name>=<postgres://owner-url>... --signing-public-key BASE64 --identity-file PATH
                  [--kafka-brokers host:port,...] [--replay-margin-minutes N] [--pg-restore PATH]
       restore.ts <backupId> [--databases a,b] [--data-dir .data]     (the local stack, npm start stopped)
  --signing-public-key: the Ed25519 public key (base64 SPKI DER) of retention's BACKUP_SIGNING_KEY;
  --identity-file: a file holding the age identity (AGE-SECRET-KEY-1…) of its BACKUP_ENCRYPTION_RECIPIENT.
  BACKUP_SIGNING_PUBLIC_KEY, BACKUP_IDENTITY_FILE (or the identity itself in BACKUP_DECRYPTION_IDENTITY),
  KAFKA_BROKERS and PG_RESTORE_PATH may be given in the environment instead; on a broker with
  authentication, KAFKA_SASL_MECHANISM=scram-sha-512 with KAFKA_SASL_USERNAME and
  KAFKA_SASL_PASSWORD name a principal that may move the services' consumer groups (sargs-restore,
  or the admin), and KAFKA_SSL=verify-full with KAFKA_SSL_CA_FILE adds TLS.`;

/** Where the backup keys come from (resolved by backupKeysOf); the identity never on the command line. */
export interface KeySources {
  signingPublicKey?: string;
  identityFile?: string;
  identity?: string;
}

interface CommonArguments {
  backupId: string;
  replayMarginMinutes: number;
  pgRestorePath: string;
  keys: KeySources;
}

export type Arguments =
  | (CommonArguments & { mode: 'explicit'; backupDir: string; targets: RestoreTarget[]; kafka: KafkaAccess })
  | (CommonArguments & { mode: 'local-stack'; dataDir: string; databases: ServiceName[] });

export class UsageError extends Error {}

const FLAGS = ['kafka-brokers', 'replay-margin-minutes', 'pg-restore', 'databases', 'data-dir', 'signing-public-key', 'identity-file'];

export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): Arguments {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/su, 2);
      if (!FLAGS.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    } else positional.push(arg);
  }
  const margin = Number(flags['replay-margin-minutes'] ?? 60);
  if (!Number.isInteger(margin) || margin < 0) throw new UsageError('--replay-margin-minutes must be a whole number of minutes, 0 or more');
  const backupIdOf = (value: string | undefined): string => {
    if (!value || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu.test(value)) {
      throw new UsageError(`${value ? `"${value}"` : 'nothing'} is not a backup id (a UUID from GET /admin/backups)`);
    }
    return value.toLowerCase();
  };
  const keys: KeySources = {
    signingPublicKey: flags['signing-public-key'] ?? (env.BACKUP_SIGNING_PUBLIC_KEY || undefined),
    identityFile: flags['identity-file'] ?? (env.BACKUP_IDENTITY_FILE || undefined),
    identity: env.BACKUP_DECRYPTION_IDENTITY || undefined,
  };
  const common = { replayMarginMinutes: margin, pgRestorePath: flags['pg-restore'] ?? env.PG_RESTORE_PATH ?? 'pg_restore', keys };

  if (positional.length === 1) {
    if (flags['kafka-brokers']) throw new UsageError('--kafka-brokers is for name=url restores; the local stack uses KAFKA_BROKERS or its own broker');
    const databases = (flags['databases'] ?? SARGS_SERVICES.join(',')).split(',').map((d) => d.trim()).filter(Boolean);
    const unknown = databases.filter((d) => !(SARGS_SERVICES as readonly string[]).includes(d));
    if (databases.length === 0 || unknown.length > 0) throw new UsageError(`--databases takes names from ${SARGS_SERVICES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
    return { ...common, mode: 'local-stack', backupId: backupIdOf(positional[0]), dataDir: path.resolve(flags['data-dir'] ?? path.join(REPO_ROOT, '.data')), databases: [...new Set(databases)] as ServiceName[] };
  }

  if (flags['databases'] || flags['data-dir']) throw new UsageError('--databases and --data-dir are for the local stack; otherwise the name=url pairs choose the databases');
  const [backupDir, backupId, ...pairs] = positional;
  if (!backupDir || pairs.length === 0) throw new UsageError('a backup directory, a backup id and at least one name=url are needed');
  const id = backupIdOf(backupId);
  const targets = pairs.map((pair, i): RestoreTarget => {
    const equals = pair.indexOf('=');
    const name = equals > 0 ? pair.slice(0, equals) : '';
    const url = equals > 0 ? pair.slice(equals + 1) : '';
    // Never echo the pair: the URL holds a password.
    if (!BACKUP_DATABASE_NAME.test(name) || !/^postgres(ql)?:\/\/[^/]+\/[^/?]+/u.test(url)) throw new UsageError(`database ${i + 1} must be name=postgres://owner:password@host:port/database`);
    return { name, url };
  });
  const names = targets.map((t) => t.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UsageError(`${twice} is named twice`);
  const brokers = flags['kafka-brokers'] ?? env.KAFKA_BROKERS;
  if (!brokers?.trim()) throw new UsageError('Kafka is needed to replay the erasure ledger: give --kafka-brokers or KAFKA_BROKERS');
  // The apps' own Kafka variables (KAFKA_SASL_*, KAFKA_SSL*), here for a principal that may move the services' groups.
  let kafka: KafkaAccess;
  try {
    kafka = kafkaAccessOf(loadConfig(kafkaConfigSchema, { ...env, KAFKA_BROKERS: brokers }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return { ...common, mode: 'explicit', backupDir: path.resolve(backupDir), backupId: id, targets, kafka };
}

/**
 * The keys that verify and open the backup, from the flags or the environment; the local stack's
 * from its dev secrets when none are given. Messages name what is wrong, never a key.
 */
export function backupKeysOf(sources: KeySources, fallback?: { backupSigningPublicKey: string; backupDecryptionIdentity: string }): BackupKeys {
  const publicKey = sources.signingPublicKey ?? fallback?.backupSigningPublicKey;
  if (!publicKey) throw new UsageError('the backup cannot be trusted without the signing public key: give --signing-public-key or BACKUP_SIGNING_PUBLIC_KEY');
  let signingPublicKey;
  try {
    signingPublicKey = verifyingKeyOf(publicKey.trim());
  } catch (err) {
    throw new UsageError(`--signing-public-key ${(err as Error).message}`);
  }
  let identity = sources.identity;
  if (sources.identityFile) {
    try {
      identity = readFileSync(sources.identityFile, 'utf8');
    } catch {
      throw new UsageError(`--identity-file: cannot read ${sources.identityFile}`);
    }
  }
  identity ??= fallback?.backupDecryptionIdentity;
  // An age identity file may hold comments (age-keygen writes some): the key is the line that is one.
  const key = identity?.split(/\r?\n/u).map((line) => line.trim()).find((line) => /^AGE-SECRET-KEY-/u.test(line));
  if (!key) throw new UsageError('the dumps are encrypted: give --identity-file (or BACKUP_IDENTITY_FILE / BACKUP_DECRYPTION_IDENTITY) with the age identity AGE-SECRET-KEY-1…');
  return { signingPublicKey, identity: key };
}

type Log = (line: string) => void;

/** The local stack: its PostgreSQL and Kafka (started here unless DATABASE_URL / KAFKA_BROKERS say otherwise), owner URLs from the dev secrets. */
async function restoreLocalStack(args: Extract<Arguments, { mode: 'local-stack' }>, env: NodeJS.ProcessEnv, log: Log): Promise<RestoreResult> {
  if (!existsSync(path.join(args.dataDir, 'dev-secrets.json'))) throw new RestorePreconditionError(`no local stack in ${args.dataDir} (no dev-secrets.json)`);
  const keys = backupKeysOf(args.keys, ensureDevSecrets(path.join(args.dataDir, 'dev-secrets.json')));
  const claims: PortClaim[] = [];
  if (!env.DATABASE_URL) claims.push({ port: DEFAULT_INFRASTRUCTURE_PORTS.postgres, name: 'PostgreSQL', override: 'DATABASE_URL' });
  if (!env.KAFKA_BROKERS) claims.push({ port: DEFAULT_INFRASTRUCTURE_PORTS.kafka, name: 'Kafka', override: 'KAFKA_BROKERS' });
  try {
    await assertPortsFree(claims);
  } catch (err) {
    throw new RestorePreconditionError(`stop npm start first: this starts the local stack's PostgreSQL and Kafka without the services.\n${(err as Error).message}`);
  }
  const infra = await startInfrastructure({
    dataDir: args.dataDir,
    // No mail is sent during a restore: a placeholder relay keeps MailDev from starting.
    env: { DATABASE_URL: env.DATABASE_URL || undefined, KAFKA_BROKERS: env.KAFKA_BROKERS || undefined, SMTP_URL: 'smtp://127.0.0.1:1' },
    log: (line) => log(line),
  });
  try {
    return await restoreBackup({
      store: new DirectoryBackupStore(path.join(args.dataDir, 'backups')),
      backupId: args.backupId,
      targets: args.databases.map((name) => ({ name, url: infra.databaseUrls[name] })),
      kafka: infra.kafkaAdmin,
      replayMarginMs: args.replayMarginMinutes * 60_000,
      pgRestorePath: args.pgRestorePath,
      keys,
      log,
    });
  } finally {
    await infra.stop();
  }
}

async function main(): Promise<void> {
  let args: Arguments;
  let keys: BackupKeys | undefined;
  try {
    args = parseArguments(process.argv.slice(2), process.env);
    if (args.mode === 'explicit') keys = backupKeysOf(args.keys);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`restore: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
  const log: Log = (line) => console.log(`[restore] ${line}`);
  try {
    const result =
      args.mode === 'local-stack'
        ? await restoreLocalStack(args, process.env, log)
        : await restoreBackup({
            store: new DirectoryBackupStore(args.backupDir),
            backupId: args.backupId,
            targets: args.targets,
            kafka: args.kafka,
            replayMarginMs: args.replayMarginMinutes * 60_000,
            pgRestorePath: args.pgRestorePath,
            keys: keys as BackupKeys,
            log,
          });
    const names = Object.keys(result.offsets).join(', ');
    log(`done. Start ${args.mode === 'local-stack' ? 'the local stack (npm start)' : names} again: each service replays ${TOPICS.privacyErasure} from ${result.replayFrom.toISOString()} and erases everyone erased since.`);
    log(`${TOPICS.identityLedger} is replayed too: identity closes again the accounts closed since and disables passwords changed since (a reset by mail sets a new one); it answers 503 until it has caught up.`);
    log('Other topics are not replayed: other changes made after the backup are not in the restored databases.');
  } catch (err) {
    const prefix = err instanceof RestorePreconditionError ? 'cannot restore' : 'restore failed';
    console.error(`[restore] ${prefix}: ${(err as Error).message}`);
    process.exit(1);
  }
}

if (require.main === module) void main();
