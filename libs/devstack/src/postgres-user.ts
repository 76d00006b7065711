import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunAs {
  uid: number;
  gid: number;
}

function idOf(flag: '-u' | '-g'): number | undefined {
  const out = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.trim()) : undefined;
}

/** PostgreSQL refuses to run as root; as root we run it as `postgres`, creating that user if need be. */
export function runAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf('-u') === undefined) {
    console.log('Creating the system user "postgres": PostgreSQL refuses to run as root.');
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`Could not create the "postgres" user: ${made.stderr || made.error?.message}`);
  }
  return { uid: idOf('-u') as number, gid: idOf('-g') as number };
}

export function chownTree(dir: string, owner: RunAs): void {
  const out = spawnSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dir], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`chown ${dir} failed: ${out.stderr}`);
}

/** initdb and the server run as `postgres`, which needs a way into every parent directory. */
export function assertReachable(dir: string, owner: RunAs, shownAs = dir): void {
  const probe = spawnSync('test', ['-w', dir, '-a', '-x', dir], { uid: owner.uid, gid: owner.gid });
  if (probe.status !== 0) {
    throw new Error(
      `The "postgres" user cannot reach ${shownAs} (a parent directory is closed to other users); ` +
        'move the repository somewhere it can, or set DATABASE_URL to use a running server.',
    );
  }
}

/**
 * Where the server's data can live. As root the server runs as `postgres`, which cannot enter a
 * repository under a private directory (a mktemp clone, a home directory): then the data goes to
 * a directory of its own under the system temp dir, named after the preferred path.
 */
export function reachableDataDir(preferred: string): { dir: string; fallback: boolean } {
  const owner = runAs();
  if (!owner) return { dir: preferred, fallback: false };
  const parent = path.dirname(preferred);
  mkdirSync(parent, { recursive: true });
  const probe = spawnSync('test', ['-x', parent], { uid: owner.uid, gid: owner.gid });
  if (probe.status === 0) return { dir: preferred, fallback: false };
  const base = path.join(tmpdir(), `sargs-postgres-${createHash('sha256').update(preferred).digest('hex').slice(0, 12)}`);
  mkdirSync(base, { recursive: true, mode: 0o755 });
  chmodSync(base, 0o755);
  return { dir: path.join(base, 'postgres'), fallback: true };
}
