import type { EntityClass } from '@sargs/platform/privacy';
import { CreateErasureTables1796200000000 } from '../migrations/1796200000000-create-erasure-tables';
import { ListErasuresAndHolds1796400000000 } from '../migrations/1796400000000-list-erasures-and-holds';
import { BackupsExpireByCompletion1796500000000 } from '../migrations/1796500000000-backups-expire-by-completion';
import { TenantErasureCases1797100000000 } from '../migrations/1797100000000-tenant-erasure-cases';
import { ErasureAnswer } from './erasure-answer.entity';
import { ErasureCase } from './erasure-case.entity';
import { LegalHold } from './legal-hold.entity';

/** Erasure: its entities and migrations (collected in config/database-schema.ts). */
export const ERASURE_ENTITIES: EntityClass[] = [ErasureCase, ErasureAnswer, LegalHold];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ERASURE_MIGRATIONS: Function[] = [CreateErasureTables1796200000000, ListErasuresAndHolds1796400000000, BackupsExpireByCompletion1796500000000, TenantErasureCases1797100000000];
