import { Column, DataSource, Entity, PrimaryColumn, type QueryRunner } from 'typeorm';
import { SARGS_SERVICES, SERVICE_REGISTRY, isServiceName } from '@sargs/contracts';
import { postgresDataSourceOptions, runMigrations, tenantIsolationStatements } from '@sargs/platform/database';
import { NotPersonalData, TenantId, tenantEntities } from '@sargs/platform/privacy';
import { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '@sargs/platform/service';
import { createOwnerRole, createTestDatabase, type TestDatabase, type TestOwnerRole } from '@sargs/testing';
import { serviceSchemas } from '../service-schemas';
import { tenantEntityProblems, tenantTableProblems } from './tenant-tables';

// Tenant isolation cannot be forgotten (docs/architecture.md, "Tenancy"): every table of every
// service that holds an organisation's rows (an org_id column) has forced row-level security and a
// tenant policy, and every @TenantId entity is such a table. Each database is migrated as the
// service would migrate it in production: by its own role, which owns the database and is no superuser.

async function migrated<T>(prefix: string, entities: DataSource['options']['entities'], migrations: DataSource['options']['migrations'], work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const db: TestDatabase = await createTestDatabase(prefix);
  const owner: TestOwnerRole = await createOwnerRole(db, prefix);
  const dataSource = new DataSource(postgresDataSourceOptions({ url: owner.url, applicationName: prefix, entities: entities as never, migrations: migrations as never }));
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    return await work(dataSource);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await db.drop();
    await owner.drop();
  }
}

describe('tenant tables', () => {
  it('finds the database schema of every service in the registry', () => {
    expect(serviceSchemas().map((s) => s.service).sort()).toEqual([...SARGS_SERVICES].sort());
  });

  describe.each(serviceSchemas().map((s) => [s.service, s] as const))('the %s database', (service, schema) => {
    it('isolates every table with org_id by forced row-level security, and every @TenantId entity is such a table', async () => {
      await migrated(`tenancy_${service}`, [...PLATFORM_ENTITIES, ...schema.entities], [...PLATFORM_MIGRATIONS, ...schema.migrations], async (dataSource) => {
        expect(await tenantTableProblems(dataSource)).toEqual([]);
        expect(await tenantEntityProblems(dataSource, [...PLATFORM_ENTITIES, ...schema.entities])).toEqual([]);
      });
    });

    it('holds tenant tables exactly when the registry says it holds tenant data (so the tenant participant answers for them)', () => {
      if (!isServiceName(service)) throw new Error(`${service} has a database but no registry entry`);
      expect({ service, tenantData: tenantEntities(schema.entities).length > 0 }).toEqual({ service, tenantData: SERVICE_REGISTRY[service].tenantData });
    });
  });

  describe('the checker', () => {
    @Entity({ name: 'isolated_row' })
    class IsolatedRow {
      @NotPersonalData('id')
      @PrimaryColumn({ type: 'uuid' })
      id!: string;

      @TenantId()
      @Column({ name: 'org_id', type: 'uuid' })
      orgId!: string;
    }

    @Entity({ name: 'misnamed_tenant' })
    class MisnamedTenant {
      @NotPersonalData('id')
      @PrimaryColumn({ type: 'uuid' })
      id!: string;

      @TenantId()
      @Column({ name: 'organisation', type: 'uuid' })
      organisation!: string;
    }

    @Entity({ name: 'undeclared_tenant' })
    class UndeclaredTenant {
      @NotPersonalData('id')
      @PrimaryColumn({ type: 'uuid' })
      id!: string;

      @NotPersonalData('forgotten: should be @TenantId')
      @Column({ name: 'org_id', type: 'uuid' })
      orgId!: string;
    }

    class TenantTables1764065200000 {
      name = 'TenantTables1764065200000';
      async up(q: QueryRunner) {
        const table = (name: string, tenantColumn = 'org_id') => q.query(`CREATE TABLE "${name}" ("id" uuid PRIMARY KEY, "${tenantColumn}" uuid NOT NULL)`);
        await table('isolated_row');
        for (const statement of tenantIsolationStatements('isolated_row')) await q.query(statement);
        // A throwaway tenant table with no row-level security at all.
        await table('leaky_row');
        // On, but not forced: the owner (the service's role) passes.
        await table('unforced_row');
        await q.query(`ALTER TABLE "unforced_row" ENABLE ROW LEVEL SECURITY`);
        await q.query(`CREATE POLICY tenant_isolation ON "unforced_row" USING (org_id = NULLIF(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = NULLIF(current_setting('app.org_id', true), '')::uuid)`);
        // Forced, but its policy admits everyone.
        await table('open_policy_row');
        await q.query(`ALTER TABLE "open_policy_row" ENABLE ROW LEVEL SECURITY`);
        await q.query(`ALTER TABLE "open_policy_row" FORCE ROW LEVEL SECURITY`);
        await q.query(`CREATE POLICY everyone ON "open_policy_row" USING (true)`);
        // Forced with a tenant policy for reads only: writes are unchecked.
        await table('read_only_policy_row');
        await q.query(`ALTER TABLE "read_only_policy_row" ENABLE ROW LEVEL SECURITY`);
        await q.query(`ALTER TABLE "read_only_policy_row" FORCE ROW LEVEL SECURITY`);
        await q.query(`CREATE POLICY reads ON "read_only_policy_row" FOR SELECT USING (org_id = NULLIF(current_setting('app.org_id', true), '')::uuid)`);
        await table('misnamed_tenant', 'organisation');
        await table('undeclared_tenant');
        for (const statement of tenantIsolationStatements('undeclared_tenant')) await q.query(statement);
      }
      async down(q: QueryRunner) {
        await q.query(`DROP TABLE IF EXISTS isolated_row, leaky_row, unforced_row, open_policy_row, read_only_policy_row, misnamed_tenant, undeclared_tenant`);
      }
    }

    it('reports a table with org_id and no row-level security, one not forced, one without a tenant policy for every command, and entities that do not match', async () => {
      await migrated('tenancy_checker', [IsolatedRow, MisnamedTenant, UndeclaredTenant], [TenantTables1764065200000], async (dataSource) => {
        expect(await tenantTableProblems(dataSource)).toEqual([
          'leaky_row: has org_id but row-level security is off',
          'leaky_row: has org_id but row-level security is not forced (the owning service role bypasses it)',
          'leaky_row: has org_id but no policy checks rows against app.org_id (USING and WITH CHECK, every command)',
          'open_policy_row: has org_id but no policy checks rows against app.org_id (USING and WITH CHECK, every command)',
          'read_only_policy_row: has org_id but no policy checks rows against app.org_id (USING and WITH CHECK, every command)',
          'unforced_row: has org_id but row-level security is not forced (the owning service role bypasses it)',
        ]);
        expect(await tenantEntityProblems(dataSource, [IsolatedRow, MisnamedTenant, UndeclaredTenant])).toEqual([
          'MisnamedTenant.organisation: @TenantId column is "organisation", not org_id',
          'leaky_row: has org_id but no entity declares it @TenantId',
          'open_policy_row: has org_id but no entity declares it @TenantId',
          'read_only_policy_row: has org_id but no entity declares it @TenantId',
          'undeclared_tenant: has org_id but no entity declares it @TenantId',
          'unforced_row: has org_id but no entity declares it @TenantId',
        ]);
        // The isolated table passes: one table added to a service's database without isolation is enough to fail.
        await dataSource.query(`DROP TABLE leaky_row, unforced_row, open_policy_row, read_only_policy_row, undeclared_tenant`);
        expect(await tenantTableProblems(dataSource)).toEqual([]);
      });
    });
  });
});
