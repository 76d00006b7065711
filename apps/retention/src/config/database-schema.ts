import type { EntityClass } from '@sargs/platform/privacy';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from '../audit/audit.schema';
import { BACKUPS_ENTITIES, BACKUPS_MIGRATIONS } from '../backups/backups.schema';
import { DATA_SUBJECT_REQUESTS_ENTITIES, DATA_SUBJECT_REQUESTS_MIGRATIONS } from '../data-subject-requests/data-subject-requests.schema';
import { ERASURE_ENTITIES, ERASURE_MIGRATIONS } from '../erasure/erasure.schema';
import { EXPORTS_ENTITIES, EXPORTS_MIGRATIONS } from '../exports/exports.schema';
import { PRIVACY_REQUESTS_ENTITIES, PRIVACY_REQUESTS_MIGRATIONS } from '../privacy-requests/privacy-requests.schema';

/**
 * The retention database: its entities and migrations, besides the platform tables every service has.
 * Each feature lists its own in `<feature>/<feature>.schema.ts`; the schema-drift test reads this list.
 */
export const RETENTION_ENTITIES: EntityClass[] = [
  ...ERASURE_ENTITIES,
  ...EXPORTS_ENTITIES,
  ...PRIVACY_REQUESTS_ENTITIES,
  ...DATA_SUBJECT_REQUESTS_ENTITIES,
  ...BACKUPS_ENTITIES,
  ...AUDIT_ENTITIES,
];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RETENTION_MIGRATIONS: Function[] = [
  ...ERASURE_MIGRATIONS,
  ...EXPORTS_MIGRATIONS,
  ...PRIVACY_REQUESTS_MIGRATIONS,
  ...DATA_SUBJECT_REQUESTS_MIGRATIONS,
  ...BACKUPS_MIGRATIONS,
  ...AUDIT_MIGRATIONS,
];
