import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { BackupView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { problem, ProblemException, staffOf } from '@sargs/platform/service';
import { BackupCatalogue } from './backup-catalogue';
import { BackupConflictError, BackupJob } from './backup-job';

/** docs/api.md "Staff": the backup catalogue, and a backup now (R14). */
@Controller('admin/backups')
export class BackupsController {
  constructor(
    private readonly job: BackupJob,
    private readonly catalogue: BackupCatalogue,
  ) {}

  /** 202 with the id once the backup's row exists; GET /admin/backups shows its progress. 409 while one runs. */
  @Post()
  @HttpCode(202)
  async start(@Req() request: RequestWithAssertion): Promise<{ id: string }> {
    const staff = staffOf(request);
    try {
      const { id } = await this.job.start(staff);
      return { id };
    } catch (err) {
      if (err instanceof BackupConflictError) throw new ProblemException(problem(409, err.message));
      throw err;
    }
  }

  @Get()
  list(@Req() request: RequestWithAssertion): Promise<BackupView[]> {
    staffOf(request);
    return this.catalogue.list();
  }
}
