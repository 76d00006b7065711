import type { EntityClass } from '@sargs/platform/privacy';

/**
 * The profile database: its entities and migrations, besides the platform tables every service has.
 * Features add their entities and migrations here; the schema-drift test reads this list.
 */
export const PROFILE_ENTITIES: EntityClass[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PROFILE_MIGRATIONS: Function[] = [];
