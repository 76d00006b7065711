import type { EntityClass } from '@sargs/platform/privacy';

/**
 * The retention database: its entities and migrations, besides the platform tables every service has.
 * Features add their entities and migrations here; the schema-drift test reads this list.
 */
export const RETENTION_ENTITIES: EntityClass[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RETENTION_MIGRATIONS: Function[] = [];
