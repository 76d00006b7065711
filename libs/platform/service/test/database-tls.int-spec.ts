import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgres } from '@sargs/devstack';
import { postgresDataSourceOptions } from '@sargs/platform/database';
import { createTestCertificates, startTestService, type TestCertificates, type TestService } from '@sargs/testing';

// DATABASE_SSL=verify-full against a real PostgreSQL that offers TLS: the chain and the name are
// both checked, and every connection of the service is encrypted.
describe('TLS to PostgreSQL (DATABASE_SSL=verify-full)', () => {
  let certs: TestCertificates;
  let dataRoot: string;
  let loopbackServer: EmbeddedPostgres;
  let misnamedServer: EmbeddedPostgres;
  let service: TestService | undefined;

  beforeAll(async () => {
    certs = createTestCertificates();
    dataRoot = mkdtempSync(path.join(tmpdir(), 'sargs-pg-tls-'));
    // Run as root, the clusters run as `postgres`, which must reach their directories.
    chmodSync(dataRoot, 0o755);
    [loopbackServer, misnamedServer] = await Promise.all(
      [certs.loopback, certs.misnamed].map(async (tls, i) =>
        startEmbeddedPostgres({ dataDir: path.join(dataRoot, `cluster-${i}`), port: await findFreePort(), durable: false, tls }),
      ),
    );
  });

  afterAll(async () => {
    await service?.close();
    await Promise.all([loopbackServer?.stop(), misnamedServer?.stop()]);
    rmSync(dataRoot, { recursive: true, force: true });
    certs?.remove();
  });

  const connect = async (url: string, ca: string) => {
    const dataSource = new DataSource(postgresDataSourceOptions({ url, applicationName: 'tls-probe', entities: [], migrations: [], tls: { ca } }));
    await dataSource.initialize();
    return dataSource;
  };

  it('runs a service core whose every database connection is TLS', async () => {
    service = await startTestService({
      name: 'tls-service',
      databaseUrl: loopbackServer.serverUrl,
      env: { DATABASE_SSL: 'verify-full', DATABASE_SSL_CA_FILE: certs.loopback.certFile },
    });
    const rows: { connections: string; encrypted: string }[] = await service.dataSource.query(
      `SELECT count(*) AS connections, count(*) FILTER (WHERE s.ssl) AS encrypted
         FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'tls-service'`,
    );
    expect(Number(rows[0].connections)).toBeGreaterThan(0);
    expect(rows[0].encrypted).toBe(rows[0].connections);
  });

  it('refuses a server whose certificate another CA signed', async () => {
    await expect(connect(loopbackServer.serverUrl, readFileSync(certs.misnamed.certFile, 'utf8'))).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('refuses a server whose certificate names another host, though its CA is trusted', async () => {
    await expect(connect(misnamedServer.serverUrl, readFileSync(certs.misnamed.certFile, 'utf8'))).rejects.toThrow(/does not match|altnames/i);
  });
});
