import type { EntityClass } from '@sargs/platform/privacy';

/** Backups: its entities and migrations (collected in config/database-schema.ts). */
export const BACKUPS_ENTITIES: EntityClass[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const BACKUPS_MIGRATIONS: Function[] = [];
