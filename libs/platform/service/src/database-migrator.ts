import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runMigrations } from '@sargs/platform/database';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';

/** Brings the service's database up to date before anything reads or relays from it. */
@Injectable()
export class DatabaseMigrator implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.dataSource);
    if (applied.length > 0) this.logger.info({ migrations: applied }, 'migrations applied');
  }
}
