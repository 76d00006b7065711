import { createServer, type Server } from 'node:net';
import { findFreePort } from '@sargs/devstack';
import { Client } from 'pg';
import { createTestDatabase, startDedicatedBroker } from '../src';

// The global setup's stack, as every integration test file sees it.
describe('the integration test stack', () => {
  it('gives each test file a database of its own, and drops it', async () => {
    const db = await createTestDatabase('stack check');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE probe (id int PRIMARY KEY)');
      expect((await client.query('SELECT current_database() AS name')).rows[0].name).toBe(db.name);
    } finally {
      await client.end();
    }
    await db.drop();
    const server = new Client({ connectionString: process.env.SARGS_TEST_PG_SERVER_URL });
    await server.connect();
    const left = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    await server.end();
    expect(left.rowCount).toBe(0);
  });

  it('runs MailDev with its API, and names the Kafka distribution for brokers of a test\'s own', async () => {
    const res = await fetch(`${process.env.SARGS_TEST_MAILDEV_URL}/email`);
    expect(res.status).toBe(200);
    expect(Array.isArray(await res.json())).toBe(true);
    expect(process.env.SARGS_TEST_SMTP_URL).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.SARGS_TEST_KAFKA_LIBS_DIR).toMatch(/kafka-[\d.]+\/libs$/);
  });

  it("starts a test's own broker on new ports when one it was given is taken before Kafka binds it", async () => {
    // Something else holds the first port offered, as a parallel stack or a connection may.
    const holder: Server = createServer();
    const taken = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)));
    let offered = 0;
    const pickPort = () => (offered++ === 0 ? Promise.resolve(taken) : findFreePort());
    const broker = await startDedicatedBroker(pickPort);
    try {
      expect(offered).toBe(4);
      expect(broker.brokers).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(broker.brokers).not.toBe(`127.0.0.1:${taken}`);
      expect(holder.listening).toBe(true);
    } finally {
      await broker.destroy();
      holder.close();
    }
  });
});
