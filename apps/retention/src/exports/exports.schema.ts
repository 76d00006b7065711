import type { EntityClass } from '@sargs/platform/privacy';
import { CreateExportTables1796200001000 } from '../migrations/1796200001000-create-export-tables';
import { TenantExports1797100001000 } from '../migrations/1797100001000-tenant-exports';
import { ExportJob } from './export-job.entity';
import { ExportSection } from './export-section.entity';

/** Exports: its entities and migrations (collected in config/database-schema.ts). */
export const EXPORTS_ENTITIES: EntityClass[] = [ExportJob, ExportSection];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const EXPORTS_MIGRATIONS: Function[] = [CreateExportTables1796200001000, TenantExports1797100001000];
