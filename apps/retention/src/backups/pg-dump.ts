import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { encryptStream } from './backup-encryption';
import type { BackupStore } from './backup-store';

/**
 * A libpq connection for a child process: the URL without its password, and the password as
 * PGPASSWORD, so it never shows on a command line (`ps`).
 */
export function libpqConnection(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** The environment of a pg_* child: only what it needs (no service secrets). */
export function pgChildEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'PGSSLROOTCERT', 'PGSSLMODE'];
  const env: NodeJS.ProcessEnv = {};
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, PGCONNECT_TIMEOUT: '10', ...extra };
}

export interface DumpResult {
  bytes: number;
  sha256: string;
}

/**
 * `pg_dump --format=custom` of one database, age-encrypted to `recipient` and straight into the
 * store under `key`, counting and hashing the encrypted bytes as it streams (no plaintext is
 * written anywhere). A failed dump leaves nothing under `key`; its error names the exit
 * code and pg_dump's last message (which holds no data).
 */
export async function dumpToStore(options: {
  pgDumpPath: string;
  url: string;
  store: BackupStore;
  key: string;
  label: string;
  /** The age recipient (public key) the dump is encrypted to. */
  recipient: string;
  /** Aborting ends pg_dump (SIGTERM) and fails the dump. */
  signal?: AbortSignal;
}): Promise<DumpResult> {
  const { dbname, env } = libpqConnection(options.url);
  const child = spawn(options.pgDumpPath, ['--format=custom', '--no-password', `--dbname=${dbname}`], {
    env: pgChildEnv({ ...env, PGAPPNAME: 'sargs-backup' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? err.message));
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  // A store that fails stops reading; pg_dump would then block on its pipe, so it is ended.
  const encrypted = encryptStream(child.stdout, options.recipient);
  const stored = encrypted.then((stream) => options.store.put(options.key, stream.pipe(counter))).then(
    () => undefined,
    (err: Error) => {
      child.kill('SIGKILL');
      return err;
    },
  );
  const [storeError, code] = await Promise.all([stored, exited]);
  if (storeError || code !== 0) {
    await options.store.delete(options.key);
    const message = stderr.trim().split('\n').pop() ?? '';
    const why = storeError ? `storing failed: ${storeError.message}` : `pg_dump exited ${code}${message ? `: ${message}` : ''}`;
    throw new Error(`backup of ${options.label} failed: ${why}`.slice(0, 500));
  }
  return { bytes, sha256: hash.digest('hex') };
}
