import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LANGUAGES, type Language } from '@sargs/contracts';

export interface PolicyDigest {
  version: string;
  publishedAt: Date;
  language: Language;
  sha256: string;
}

export interface PolicyDocument extends PolicyDigest {
  content: string;
}

/** One row per version and language, newest version first. */
export interface PolicyTextRow {
  version: string;
  published_at: Date;
  language: Language;
  sha256: string;
}

export interface NewPolicyVersion {
  version: string;
  publishedAt: Date;
  publishedBy: string | null;
  texts: Record<Language, string>;
  sha256: Record<Language, string>;
}

/** The newest publication is the version in force (publication times strictly increase). */
const CURRENT = 'ORDER BY v.published_at DESC, v.version DESC LIMIT 1';

type Row = PolicyTextRow & { content?: string };

const toDigest = (row: Row): PolicyDigest => ({ version: row.version, publishedAt: row.published_at, language: row.language, sha256: row.sha256 });

/**
 * Every statement on policy_version and policy_text (one aggregate: a version with its texts).
 * Reads take an optional manager so a transaction sees what it wrote; without one they use the pool.
 */
@Injectable()
export class PolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Publications are serialised by this lock: publication times strictly increase, versions are unique. */
  async lockPublications(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('sargs.consent.policy-publish'))`);
  }

  /** The latest publication, and `version` when it exists (an empty list: no version at all). */
  async latestAnd(manager: EntityManager, version: string | null): Promise<{ version: string; published_at: Date }[]> {
    return manager.query(
      `SELECT version, published_at FROM policy_version ${version !== null ? 'WHERE version = $1 OR' : 'WHERE'} published_at =
         (SELECT max(published_at) FROM policy_version)`,
      version !== null ? [version] : [],
    );
  }

  /** A version with its text in every language. */
  async insert(manager: EntityManager, publication: NewPolicyVersion): Promise<void> {
    const { version, texts, sha256 } = publication;
    await manager.query(`INSERT INTO policy_version (version, published_at, published_by) VALUES ($1, $2, $3)`, [version, publication.publishedAt, publication.publishedBy]);
    for (const language of LANGUAGES) {
      await manager.query(`INSERT INTO policy_text (version, language, content, sha256) VALUES ($1, $2, $3, $4)`, [version, language, texts[language], sha256[language]]);
    }
  }

  /** Every version's texts (without content), newest version first. */
  async listTexts(): Promise<PolicyTextRow[]> {
    return this.dataSource.query(
      `SELECT v.version, v.published_at, t.language, t.sha256 FROM policy_version v JOIN policy_text t ON t.version = v.version
       ORDER BY v.published_at DESC, v.version DESC, t.language`,
    );
  }

  /** A version's text in one language (`version` null: the one in force), without the content. */
  async digest(version: string | null, language: Language, manager?: EntityManager): Promise<PolicyDigest | undefined> {
    const rows: Row[] = await (manager ?? this.dataSource).query(
      `SELECT v.version, v.published_at, t.language, t.sha256 FROM policy_version v JOIN policy_text t ON t.version = v.version
       WHERE t.language = $1 ${version === null ? CURRENT : 'AND v.version = $2'}`,
      version === null ? [language] : [language, version],
    );
    return rows[0] ? toDigest(rows[0]) : undefined;
  }

  /** The same with the text itself. */
  async document(version: string | null, language: Language): Promise<PolicyDocument | undefined> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT v.version, v.published_at, t.language, t.sha256, t.content FROM policy_version v JOIN policy_text t ON t.version = v.version
       WHERE t.language = $1 ${version === null ? CURRENT : 'AND v.version = $2'}`,
      version === null ? [language] : [language, version],
    );
    return rows[0] ? { ...toDigest(rows[0]), content: rows[0].content ?? '' } : undefined;
  }
}
