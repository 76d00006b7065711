import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Every statement on known_policy_version: identity's projection of consent's PolicyPublished
 * events, from which it knows the version in force (what a sign-up must accept).
 */
@Injectable()
export class KnownPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

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
