import type { EntityClass } from '@sargs/platform/privacy';
import { CreateAuditTrail1796400001000 } from '../migrations/1796400001000-create-audit-trail';
import { IndexAuditReference1797100004000 } from '../migrations/1797100004000-index-audit-reference';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditEntry } from './audit-entry.entity';

/** The audit trail: its entities and migrations (collected in config/database-schema.ts). */
export const AUDIT_ENTITIES: EntityClass[] = [AuditEntry, AuditChainHead];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDIT_MIGRATIONS: Function[] = [CreateAuditTrail1796400001000, IndexAuditReference1797100004000];
