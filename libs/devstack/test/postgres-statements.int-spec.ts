import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded-postgres';
import { findFreePort } from '../src/ports';
import { enableStatementStats, readStatementStats, resetStatementStats, statementsBetween } from '../src/postgres-statements';

// The benchmark's view of PostgreSQL's own time: a cluster started with statementStats counts
// every database's statements, normalised, and the counts can be read, diffed and reset.
describe('PostgreSQL statement statistics (startEmbeddedPostgres({ statementStats: true }))', () => {
  let dataRoot: string;
  let server: EmbeddedPostgres;
  let appDatabaseUrl: string;

  beforeAll(async () => {
    dataRoot = mkdtempSync(path.join(tmpdir(), 'sargs-pg-statements-'));
    // Run as root, the cluster runs as `postgres`, which must reach its directory.
    chmodSync(dataRoot, 0o755);
    server = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'cluster'), port: await findFreePort(), durable: false, statementStats: true });
    await enableStatementStats(server.serverUrl);
    const admin = new Client({ connectionString: server.serverUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE app');
    await admin.end();
    const url = new URL(server.serverUrl);
    url.pathname = '/app';
    appDatabaseUrl = url.toString();
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  async function inApp(work: (pg: Client) => Promise<void>): Promise<void> {
    const pg = new Client({ connectionString: appDatabaseUrl });
    await pg.connect();
    try {
      await work(pg);
    } finally {
      await pg.end();
    }
  }

  it('counts each statement of any database by its shape, without the values it carried', async () => {
    await inApp(async (pg) => {
      await pg.query('CREATE TABLE person (email text PRIMARY KEY)');
      await pg.query(`INSERT INTO person VALUES ('jane@example.com')`);
      // Utility statements keep their text as sent: never counted, so a password never lands here.
      await pg.query(`CREATE ROLE statements_probe LOGIN PASSWORD 'probe passphrase 4411'`);
      for (let i = 0; i < 5; i++) await pg.query('SELECT email FROM person WHERE email = $1', [`someone-${i}@example.com`]);
    });
    const stats = await readStatementStats(server.serverUrl);
    const lookup = stats.find((s) => s.database === 'app' && s.query === 'SELECT email FROM person WHERE email = $1');
    expect(lookup).toMatchObject({ role: 'postgres', calls: 5, rows: 0 });
    expect(lookup?.execMs).toBeGreaterThan(0);
    expect(lookup?.planMs).toBeGreaterThan(0);
    expect(stats.find((s) => s.query.startsWith('INSERT INTO person'))?.query).toBe('INSERT INTO person VALUES ($1)');
    expect(JSON.stringify(stats)).not.toContain('example.com');
    expect(JSON.stringify(stats)).not.toContain('probe passphrase');
  });

  it('tells what ran between two readings, and starts again from nothing after a reset', async () => {
    const before = await readStatementStats(server.serverUrl);
    await inApp(async (pg) => {
      for (let i = 0; i < 3; i++) await pg.query('SELECT email FROM person WHERE email = $1', ['x@example.com']);
      await pg.query('SELECT count(*) FROM person');
    });
    const between = statementsBetween(before, await readStatementStats(server.serverUrl)).filter((s) => s.database === 'app');
    expect(between.map((s) => [s.query, s.calls]).sort()).toEqual([
      ['SELECT count(*) FROM person', 1],
      ['SELECT email FROM person WHERE email = $1', 3],
    ]);

    await resetStatementStats(server.serverUrl);
    expect((await readStatementStats(server.serverUrl)).filter((s) => s.database === 'app')).toEqual([]);
  });
});
