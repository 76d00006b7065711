import type { EntityClass } from '@sargs/platform/privacy';
import { CreateBackupCatalogue1796300000000 } from '../migrations/1796300000000-create-backup-catalogue';
import { BackupDatabaseDump } from './backup-database.entity';
import { Backup } from './backup.entity';

/** Backups: its entities and migrations (collected in config/database-schema.ts). */
export const BACKUPS_ENTITIES: EntityClass[] = [Backup, BackupDatabaseDump];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const BACKUPS_MIGRATIONS: Function[] = [CreateBackupCatalogue1796300000000];
