export * from './database-readiness';
export * from './postgres-data-source-options';
export * from './run-migrations';
export * from './schema-drift';
export * from './tenant-isolation';
export * from './notification-listener';
export * from './named-statement-client';
