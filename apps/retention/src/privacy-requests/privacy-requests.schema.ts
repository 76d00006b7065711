import type { EntityClass } from '@sargs/platform/privacy';
import { CreatePrivacyRequestTables1796200002000 } from '../migrations/1796200002000-create-privacy-request-tables';
import { PrivacyRequest } from './privacy-request.entity';

/** PrivacyRequests: its entities and migrations (collected in config/database-schema.ts). */
export const PRIVACY_REQUESTS_ENTITIES: EntityClass[] = [PrivacyRequest];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PRIVACY_REQUESTS_MIGRATIONS: Function[] = [CreatePrivacyRequestTables1796200002000];
