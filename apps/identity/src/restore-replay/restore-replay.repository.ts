import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReplayTarget } from '@sargs/platform/messaging';

/** The restore's marks (restore_replay): what identity must have replayed before it answers again. */
@Injectable()
export class RestoreReplayRepository {
  constructor(private readonly dataSource: DataSource) {}

  async pending(): Promise<{ backupId: string; targets: ReplayTarget[] }[]> {
    const rows: { backup_id: string; targets: ReplayTarget[] }[] = await this.dataSource.query('SELECT backup_id, targets FROM restore_replay');
    return rows.map((r) => ({ backupId: r.backup_id, targets: r.targets }));
  }

  async done(backupIds: readonly string[]): Promise<void> {
    await this.dataSource.query('DELETE FROM restore_replay WHERE backup_id = ANY($1::uuid[])', [backupIds]);
  }
}
