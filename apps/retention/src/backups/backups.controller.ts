import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { BackupView } from '@sargs/contracts';
import { Account, Staff } from '@sargs/platform/service';
import { BackupCatalogue } from './backup-catalogue';
import { BackupJob } from './backup-job';

/** docs/api.md "Staff": the backup catalogue, and a backup now (R14). */
@Staff()
@Controller('admin/backups')
export class BackupsController {
  constructor(
    private readonly job: BackupJob,
    private readonly catalogue: BackupCatalogue,
  ) {}

  /** 202 with the id once the backup's row exists; GET /admin/backups shows its progress. 409 while one runs (BackupConflictError). */
  @Post()
  @HttpCode(202)
  async start(@Account() staffId: string): Promise<{ id: string }> {
    const { id } = await this.job.start(staffId);
    return { id };
  }

  @Get()
  list(): Promise<BackupView[]> {
    return this.catalogue.list();
  }
}
