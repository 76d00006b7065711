import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { NamedStatementClient } from './named-statement-client';

export interface PostgresDataSourceInput {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  applicationName: string;
  poolSize?: number;
  /** TLS with the server's certificate and name verified (verify-full); `ca`: PEM of the CAs to trust instead of the system's. */
  tls?: { ca?: string };
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
    // node-postgres checks the host name too once the chain verifies: libpq's verify-full.
    ssl: input.tls ? { rejectUnauthorized: true, ...(input.tls.ca ? { ca: input.tls.ca } : {}) } : false,
    // Each connection prepares its statements once (named-statement-client.ts).
    extra: { connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, Client: NamedStatementClient },
  };
}
