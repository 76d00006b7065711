import type { PlatformStack } from './platform-stack';
import { withDatabase } from './test-database';

export interface DatabaseFinding {
  database: string;
  table: string;
  needle: string;
}

/**
 * Every row of every table in every database of the stack, as text, searched for each needle
 * (case-insensitive): where a person's address or name still is. Outbox, inbox and delivery logs
 * included: they are part of "the database" (R13).
 */
export async function scanDatabasesFor(stack: PlatformStack, needles: string[]): Promise<DatabaseFinding[]> {
  const findings: DatabaseFinding[] = [];
  const wanted = needles.map((n) => n.toLowerCase());
  for (const [database, db] of Object.entries(stack.databases)) {
    if (!db) continue;
    await withDatabase(db.url, async (pg) => {
      const tables = await pg.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
      for (const { table_name } of tables.rows) {
        // Lower-cased here, not in SQL: PostgreSQL's lower() under the C locale leaves Ē, Ž... as they are.
        const rows = (await pg.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`)).rows.map((r) => r.row.toLowerCase());
        for (const needle of wanted) {
          // JSON (outbox envelopes) may escape non-ASCII letters; look for both spellings.
          const escaped = JSON.stringify(needle).slice(1, -1);
          const unicodeEscaped = needle.replace(/[^\x20-\x7e]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
          if (rows.some((row) => row.includes(needle) || row.includes(escaped) || row.includes(unicodeEscaped))) findings.push({ database, table: table_name, needle });
        }
      }
    });
  }
  return findings;
}
