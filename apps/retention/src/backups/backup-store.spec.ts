import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { deleteBackup, DirectoryBackupStore, readText, storedBackupIds } from './backup-store';

describe('DirectoryBackupStore', () => {
  let root: string;
  let store: DirectoryBackupStore;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sargs-store-'));
    store = new DirectoryBackupStore(path.join(root, 'backups'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('puts, lists, reads and deletes by key; files 0600 in directories 0700', async () => {
    await store.put('b1/identity.dump', Readable.from([Buffer.from('one'), Buffer.from('two')]));
    await store.put('b1/manifest.json', Readable.from([Buffer.from('{}')]));
    await store.put('b2/profile.dump', Readable.from([Buffer.from('x')]));
    expect(await store.list('')).toEqual(['b1/identity.dump', 'b1/manifest.json', 'b2/profile.dump']);
    expect(await store.list('b1/')).toEqual(['b1/identity.dump', 'b1/manifest.json']);
    expect(await readText(store, 'b1/identity.dump')).toBe('onetwo');
    expect(statSync(path.join(store.root, 'b1', 'identity.dump')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(store.root, 'b1')).mode & 0o777).toBe(0o700);
    expect(await storedBackupIds(store)).toEqual(['b1', 'b2']);
    await deleteBackup(store, 'b1');
    expect(await store.list('')).toEqual(['b2/profile.dump']);
    expect(readdirSync(store.root)).toEqual(['b2']);
    await store.delete('b2/missing');
  });

  it('keeps nothing of a stream that fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('half'));
        this.destroy(new Error('pg_dump died'));
      },
    });
    await expect(store.put('b3/identity.dump', failing)).rejects.toThrow('pg_dump died');
    expect(await store.list('')).toEqual([]);
  });

  it('refuses keys that could leave the store', async () => {
    await expect(store.put('../escape', Readable.from([]))).rejects.toThrow('invalid backup store key');
    expect(() => store.read('b1/../../x')).toThrow('invalid backup store key');
    await expect(store.list('')).resolves.toEqual([]);
  });
});
