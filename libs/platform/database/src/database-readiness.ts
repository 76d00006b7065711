import type { DataSource } from 'typeorm';
import type { ReadinessCheck } from '@sargs/platform/observability';

export class DatabaseReadinessCheck implements ReadinessCheck {
  readonly name = 'database';
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
