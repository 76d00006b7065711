import type { EntityClass } from '@sargs/platform/privacy';

/** PrivacyRequests: its entities and migrations (collected in config/database-schema.ts). */
export const PRIVACY_REQUESTS_ENTITIES: EntityClass[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PRIVACY_REQUESTS_MIGRATIONS: Function[] = [];
