import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SubprocessorChangeAnnounced, type AnnounceSubprocessorBody, type SubprocessorChangeView, type SubprocessorRegisterView } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, ConflictError, InvalidInputError, SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { changeView, subprocessorRegister, subprocessorsAt, type SubprocessorChangeRecord } from './subprocessor-register';
import { SubprocessorRepository, type SubprocessorChangeRow } from './subprocessor.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How far ahead a change may be announced. Further is a mistake, and a time past the year 9999
 * (in UTC) cannot even be written as the event's ISO 8601 date: it would fail after validation.
 */
const MAX_NOTICE_DAYS = 2 * 366;

const record = (row: SubprocessorChangeRow): SubprocessorChangeRecord => ({
  id: row.id,
  change: row.change,
  name: row.name,
  purpose: row.purpose,
  location: row.location,
  effectiveAt: row.effective_at,
  announcedAt: row.announced_at,
});

/** The sub-processor register (GDPR Art. 28(2)): changes are announced ahead and count from their effective time. */
@Injectable()
export class SubprocessorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly changes: SubprocessorRepository,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {}

  async register(): Promise<SubprocessorRegisterView> {
    return subprocessorRegister((await this.changes.all()).map(record), new Date());
  }

  /**
   * POST /admin/subprocessors: at least SUBPROCESSOR_NOTICE_DAYS ahead, so notifications can tell
   * every organisation's owners in time (SubprocessorChangeAnnounced); an addition of one in the
   * register by then, or a removal of one that is not, is a conflict.
   */
  async announce(staffId: string, input: AnnounceSubprocessorBody): Promise<SubprocessorChangeView> {
    const announcedAt = new Date();
    const effectiveAt = new Date(input.effectiveAt);
    const notice = this.config.SUBPROCESSOR_NOTICE_DAYS;
    if (effectiveAt.getTime() < announcedAt.getTime() + notice * DAY_MS) {
      throw new InvalidInputError('A sub-processor change is announced ahead', [{ field: 'effectiveAt', message: `must be at least ${notice} days ahead` }]);
    }
    if (effectiveAt.getTime() > announcedAt.getTime() + MAX_NOTICE_DAYS * DAY_MS) {
      throw new InvalidInputError('A sub-processor change is announced at most two years ahead', [{ field: 'effectiveAt', message: `must be at most ${MAX_NOTICE_DAYS} days ahead` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.changes.lockAnnouncements(manager);
      const inUse = subprocessorsAt((await this.changes.all(manager)).map(record), effectiveAt).has(input.name);
      if (input.change === 'added' && inUse) throw new ConflictError('That sub-processor is in the register by then', [{ field: 'name', message: 'is in the register already' }]);
      if (input.change === 'removed' && !inUse) throw new ConflictError('That sub-processor is not in the register by then', [{ field: 'name', message: 'is not in the register' }]);
      const change: SubprocessorChangeRecord = { id: randomUUID(), change: input.change, name: input.name, purpose: input.purpose, location: input.location, effectiveAt, announcedAt };
      await this.changes.insert(manager, {
        id: change.id,
        change: change.change,
        name: change.name,
        purpose: change.purpose,
        location: change.location,
        effective_at: effectiveAt,
        announced_at: announcedAt,
      });
      const view = changeView(change);
      const { id: changeId, ...announced } = view;
      await this.publisher.publish(manager, SubprocessorChangeAnnounced, changeId, { changeId, ...announced });
      await this.audit.record(manager, { action: 'subprocessor.announced', actorId: staffId, subject: change.id });
      return view;
    });
  }
}
