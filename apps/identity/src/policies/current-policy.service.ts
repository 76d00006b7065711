import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** The policy version in force, from identity's projection of consent's PolicyPublished events. */
@Injectable()
export class CurrentPolicyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async currentVersion(): Promise<string | null> {
    const rows: { version: string }[] = await this.dataSource.query(
      'SELECT version FROM known_policy_version ORDER BY published_at DESC, version DESC LIMIT 1',
    );
    return rows[0]?.version ?? null;
  }

  async recordPublished(manager: EntityManager, version: string, publishedAt: string): Promise<void> {
    await manager.query(
      'INSERT INTO known_policy_version (version, published_at) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING',
      [version, publishedAt],
    );
  }
}
