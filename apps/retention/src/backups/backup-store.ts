import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where backups live, by key: `<backupId>/<file>`. A directory today; an object store (S3 and
 * the like) implements the same four calls. Keys are one or more segments of [A-Za-z0-9._-].
 */
export interface BackupStore {
  /** Stores the stream under `key`; the object appears only once the stream has ended without error. */
  put(key: string, body: Readable): Promise<void>;
  /** Every key that starts with `prefix` (e.g. `<backupId>/`, or '' for all), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes the key; a missing key is no error. */
  delete(key: string): Promise<void>;
  read(key: string): Readable;
}

const SEGMENT = /^[A-Za-z0-9._-]{1,200}$/u;

function segmentsOf(key: string): string[] {
  const segments = key.split('/');
  if (segments.length === 0 || segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')) throw new Error(`invalid backup store key "${key}"`);
  return segments;
}

/** The store as a directory tree: `<root>/<backupId>/<file>`, directories 0700 and files 0600 (they hold personal data). */
export class DirectoryBackupStore implements BackupStore {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(this.root, ...segmentsOf(key));
  }

  async put(key: string, body: Readable): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.partial`;
    try {
      await pipeline(body, createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, file);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string, base: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const entry of entries) {
        const key = base ? `${base}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), key);
        // A `.partial` file (a put in progress, or one a crash interrupted) is listed too, so it can be deleted.
        else if (entry.isFile()) keys.push(key);
      }
    };
    await walk(this.root, '');
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    await rm(`${file}.partial`, { force: true });
    // Empty parent directories go with their last file (a backup's directory with its last dump).
    for (let dir = path.dirname(file); dir !== this.root && dir.startsWith(this.root); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }

  read(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }
}

/** The keys of one backup. */
export const backupKeys = (store: BackupStore, backupId: string): Promise<string[]> => store.list(`${backupId}/`);

/** Every backup id with at least one object in the store (a started one has a dump before its manifest). */
export async function storedBackupIds(store: BackupStore): Promise<string[]> {
  return [...new Set((await store.list('')).map((key) => key.split('/')[0]))].sort();
}

/** Removes every object of one backup. */
export async function deleteBackup(store: BackupStore, backupId: string): Promise<void> {
  for (const key of await backupKeys(store, backupId)) await store.delete(key);
}

/** Reads a whole small object (a manifest, a signature) into memory. */
export async function readBytes(store: BackupStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a whole small object (a manifest) into memory, as UTF-8. */
export async function readText(store: BackupStore, key: string): Promise<string> {
  return (await readBytes(store, key)).toString('utf8');
}
