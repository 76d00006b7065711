import type { Language } from '@sargs/contracts';

/** Anything that runs SQL: the DataSource, or a transaction's EntityManager. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface PolicyDigest {
  version: string;
  publishedAt: Date;
  language: Language;
  sha256: string;
}

export interface PolicyDocument extends PolicyDigest {
  content: string;
}

/** The newest publication is the version in force (publication times strictly increase). */
const CURRENT = 'ORDER BY v.published_at DESC, v.version DESC LIMIT 1';

type Row = { version: string; published_at: Date; language: Language; sha256: string; content?: string };

const toDigest = (row: Row): PolicyDigest => ({ version: row.version, publishedAt: row.published_at, language: row.language, sha256: row.sha256 });

/** A version's text in one language (`version` null: the one in force), without the content. */
export async function findPolicyDigest(q: Queryable, version: string | null, language: Language): Promise<PolicyDigest | undefined> {
  const rows = (await q.query(
    `SELECT v.version, v.published_at, t.language, t.sha256 FROM policy_version v JOIN policy_text t ON t.version = v.version
     WHERE t.language = $1 ${version === null ? CURRENT : 'AND v.version = $2'}`,
    version === null ? [language] : [language, version],
  )) as Row[];
  return rows[0] ? toDigest(rows[0]) : undefined;
}

/** The same with the text itself. */
export async function findPolicyDocument(q: Queryable, version: string | null, language: Language): Promise<PolicyDocument | undefined> {
  const rows = (await q.query(
    `SELECT v.version, v.published_at, t.language, t.sha256, t.content FROM policy_version v JOIN policy_text t ON t.version = v.version
     WHERE t.language = $1 ${version === null ? CURRENT : 'AND v.version = $2'}`,
    version === null ? [language] : [language, version],
  )) as Row[];
  return rows[0] ? { ...toDigest(rows[0]), content: rows[0].content ?? '' } : undefined;
}
