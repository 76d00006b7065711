import { Column, DataSource, Entity, PrimaryColumn, type QueryRunner } from 'typeorm';
import { findSchemaDrift, postgresDataSourceOptions, runMigrations } from '@sargs/platform/database';
import { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '@sargs/platform/service';
import { createTestDatabase } from '@sargs/testing';
import { serviceSchemas } from '../service-schemas';

// Entities and migrations must agree: a column added to an entity without a migration fails here.
describe.each(serviceSchemas().map((s) => [s.service, s] as const))('the %s database', (service, schema) => {
  it('has migrations that produce exactly its entities, and reverts cleanly', async () => {
    const db = await createTestDatabase(`drift_${service}`);
    const dataSource = new DataSource(
      postgresDataSourceOptions({
        url: db.url,
        applicationName: `drift-${service}`,
        entities: [...PLATFORM_ENTITIES, ...schema.entities],
        migrations: [...PLATFORM_MIGRATIONS, ...schema.migrations],
      }),
    );
    try {
      await dataSource.initialize();
      const applied = await runMigrations(dataSource);
      expect(applied.length).toBe(PLATFORM_MIGRATIONS.length + schema.migrations.length);
      expect(await findSchemaDrift(dataSource)).toEqual([]);
      for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration();
      const tables = await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`);
      expect(tables).toEqual([]);
    } finally {
      await dataSource.destroy().catch(() => undefined);
      await db.drop();
    }
  });
});

describe('the drift check', () => {
  it('reports an entity column that no migration creates', async () => {
    @Entity({ name: 'drifting' })
    class Drifting {
      @PrimaryColumn({ type: 'uuid' })
      id!: string;

      @Column({ type: 'text' })
      addedWithoutMigration!: string;
    }
    class DriftingTable1764065100000 {
      name = 'DriftingTable1764065100000';
      async up(q: QueryRunner) {
        await q.query(`CREATE TABLE "drifting" ("id" uuid NOT NULL, CONSTRAINT "PK_drifting" PRIMARY KEY ("id"))`);
      }
      async down(q: QueryRunner) {
        await q.query(`DROP TABLE "drifting"`);
      }
    }
    const db = await createTestDatabase('drift_detect');
    const dataSource = new DataSource(
      postgresDataSourceOptions({ url: db.url, applicationName: 'drift-detect', entities: [Drifting], migrations: [DriftingTable1764065100000] }),
    );
    try {
      await dataSource.initialize();
      await runMigrations(dataSource);
      const drift = await findSchemaDrift(dataSource);
      expect(drift.join('\n')).toContain('addedWithoutMigration');
    } finally {
      await dataSource.destroy().catch(() => undefined);
      await db.drop();
    }
  });
});
