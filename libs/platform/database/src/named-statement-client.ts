import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** How many statements one connection keeps prepared at most; past it, statements go unnamed (planned each time). */
export const PREPARED_STATEMENTS_PER_CONNECTION = 200;

/** Statement text → its name, shared by every connection of the process (the hash is paid once per text). */
const names = new Map<string, string>();
const NAMES_KEPT = 2_000;

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `s_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
    if (names.size < NAMES_KEPT) names.set(text, name);
  }
  return name;
}

/**
 * A node-postgres client that prepares each parameterised statement once per connection and then
 * only binds and executes it. node-postgres sends unnamed statements, which PostgreSQL parses and
 * plans on every call; on the hot paths planning cost as much as executing (docs/performance.md,
 * "PostgreSQL's view"). A named statement is planned afresh for its first five runs, then PostgreSQL
 * keeps a generic plan only where it costs no more than those (plan_cache_mode auto).
 *
 * Only statements with parameters are named: their text is fixed by code, whereas a text with
 * values written in would make a new statement per value. A connection names at most
 * PREPARED_STATEMENTS_PER_CONNECTION texts (IN lists of every length are texts of their own), and
 * the statements go with the connection. A pooler in between must keep them: PgBouncer in session
 * mode, or in transaction mode with max_prepared_statements (1.21 and later).
 */
export class NamedStatementClient extends Client {
  private named = 0;

  // node-postgres's query() has many overloads; the one TypeORM and our code use is (text, values).
  override query(...args: unknown[]): never {
    const [config, values] = args;
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = nameOf(config);
      const prepared = (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
      if (prepared[name] !== undefined || this.named < PREPARED_STATEMENTS_PER_CONNECTION) {
        if (prepared[name] === undefined) this.named += 1;
        args[0] = { name, text: config };
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
