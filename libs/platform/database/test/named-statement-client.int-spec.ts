import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@sargs/testing';
import { PREPARED_STATEMENTS_PER_CONNECTION } from '../src/named-statement-client';
import { postgresDataSourceOptions } from '../src/postgres-data-source-options';

// The services' own data source options, on a real PostgreSQL: what a connection has prepared is in
// the server's pg_prepared_statements for that session (one connection per data source here).
describe('prepared statements on every service connection', () => {
  let db: TestDatabase;
  const opened: DataSource[] = [];
  const open = async () => {
    const dataSource = new DataSource(postgresDataSourceOptions({ url: db.url, applicationName: 'named-statement-test', entities: [], migrations: [], poolSize: 1 }));
    opened.push(await dataSource.initialize());
    return dataSource;
  };
  const prepared = async (dataSource: DataSource) =>
    dataSource.query<{ statement: string; generic_plans: string; custom_plans: string }[]>('SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements');

  beforeAll(async () => {
    db = await createTestDatabase('named_statements');
    const setup = await open();
    await setup.query('CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL)');
    await setup.query(`INSERT INTO item SELECT g, 'item ' || g FROM generate_series(1, 50) g`);
  });
  afterAll(async () => {
    for (const dataSource of opened) await dataSource.destroy();
    await db?.drop();
  });

  it('prepares a statement with parameters once and answers every run as an unnamed one would', async () => {
    const dataSource = await open();
    const text = 'SELECT id, label FROM item WHERE id = $1';
    const answers: unknown[] = [];
    for (let id = 1; id <= 12; id++) answers.push(await dataSource.query(text, [id]));
    expect(answers).toEqual(Array.from({ length: 12 }, (_, i) => [{ id: i + 1, label: `item ${i + 1}` }]));
    const mine = (await prepared(dataSource)).filter((p) => p.statement === text);
    expect(mine).toHaveLength(1);
    // Twelve runs of the one prepared statement: PostgreSQL counts each as a custom or a generic plan.
    expect(Number(mine[0].generic_plans) + Number(mine[0].custom_plans)).toBe(12);
  });

  it('leaves a statement without parameters unnamed, and one that fails does not break the next', async () => {
    const dataSource = await open();
    await dataSource.query('SELECT count(*) FROM item');
    await expect(dataSource.query('SELECT id FROM item WHERE nosuchcolumn = $1', [1])).rejects.toThrow(/nosuchcolumn/);
    expect(await dataSource.query('SELECT label FROM item WHERE id = $1', [7])).toEqual([{ label: 'item 7' }]);
    expect((await prepared(dataSource)).map((p) => p.statement)).toEqual(['SELECT label FROM item WHERE id = $1']);
  });

  it('prepares at most its cap on one connection; past it statements still run, unnamed', async () => {
    const dataSource = await open();
    for (let i = 0; i < PREPARED_STATEMENTS_PER_CONNECTION + 20; i++) {
      expect(await dataSource.query(`SELECT id FROM item WHERE id = $1 AND ${i} >= 0`, [3])).toEqual([{ id: 3 }]);
    }
    expect((await prepared(dataSource)).length).toBe(PREPARED_STATEMENTS_PER_CONNECTION);
  });
});
