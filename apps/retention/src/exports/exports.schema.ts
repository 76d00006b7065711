import type { EntityClass } from '@sargs/platform/privacy';

/** Exports: its entities and migrations (collected in config/database-schema.ts). */
export const EXPORTS_ENTITIES: EntityClass[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const EXPORTS_MIGRATIONS: Function[] = [];
