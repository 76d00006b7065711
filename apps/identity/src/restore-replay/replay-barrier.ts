import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerProgress } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { RestoreReplayRepository } from './restore-replay.repository';

/**
 * Whether identity may answer: not while a restore's mark is in its database and its consumer has
 * not yet replayed the ledgers up to where they ended at the restore (closures and credential
 * changes since the backup would be missing: a closed account active, a leaked password valid).
 * Unknown counts as pending until the database has been read. A restore needs identity stopped,
 * so a process that once found no mark never sees one appear.
 */
@Injectable()
export class ReplayBarrier implements OnApplicationBootstrap {
  private state: 'unknown' | 'pending' | 'clear' = 'unknown';

  constructor(
    private readonly marks: RestoreReplayRepository,
    private readonly progress: ConsumerProgress,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  get pending(): boolean {
    return this.state !== 'clear';
  }

  /** Before the HTTP server listens (migrations ran in onModuleInit): the mark, without asking Kafka, which may be down. */
  async onApplicationBootstrap(): Promise<void> {
    const marks = await this.marks.pending();
    if (marks.length === 0) this.state = 'clear';
    else {
      this.state = 'pending';
      this.logger.warn({ backups: marks.map((m) => m.backupId) }, 'restored from a backup: logins are refused until the ledgers are replayed');
    }
  }

  /** Clears the mark once every recorded offset is committed; another instance may have cleared it first. */
  async check(): Promise<void> {
    if (this.state === 'clear') return;
    const marks = await this.marks.pending();
    const behind = await this.progress.behind(marks.flatMap((m) => m.targets));
    if (behind.length > 0) {
      this.state = 'pending';
      return;
    }
    if (marks.length > 0) await this.marks.done(marks.map((m) => m.backupId));
    this.state = 'clear';
    this.logger.info({ backups: marks.map((m) => m.backupId) }, 'ledgers replayed after the restore: logins open again');
  }
}
