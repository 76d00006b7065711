import type { EntityClass } from '@sargs/platform/privacy';

/** Erasure: its entities and migrations (collected in config/database-schema.ts). */
export const ERASURE_ENTITIES: EntityClass[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ERASURE_MIGRATIONS: Function[] = [];
