import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface PostgresDataSourceInput {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  applicationName: string;
  poolSize?: number;
}

/** Migrations only: `synchronize` stays off everywhere, and drift is a failing test, not a fix-up. */
export function postgresDataSourceOptions(input: PostgresDataSourceInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    applicationName: input.applicationName,
    entities: input.entities,
    migrations: input.migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: false,
    poolSize: input.poolSize ?? 10,
    extra: { connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 },
  };
}
