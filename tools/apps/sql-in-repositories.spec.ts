import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The convention in docs/architecture.md: every statement on a service's tables lives in its
// `<aggregate>.repository.ts`; services keep transactions, events, metrics and the audit.
const ROOT = join(__dirname, '..', '..');

/** Raw SQL, query builders and TypeORM's entity-manager statements. */
const STATEMENT = /\.query\s*[<(]|createQueryBuilder\s*\(|\b(?:manager|dataSource|queryRunner)\.(?:insert|update|delete|save|remove|upsert|increment|decrement|find\w*|count\w*|exists\w*)\s*[<(]|@InjectRepository\(/;

/** Files outside repositories that may hold a statement, each with the reason. */
const ALLOWED: Record<string, string> = {
  'apps/retention/src/audit/audit-verification.service.ts': 'SET TRANSACTION READ ONLY: transaction control, beside the transaction it configures',
  'apps/retention/src/backups/backup-lock.ts': 'a session advisory lock on its own connection, about no table',
  'apps/retention/src/backups/backup-role-check.ts': "the backup role's own attributes, read over the dump's connection before it runs",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function statementsOutsideRepositories(): string[] {
  const found: string[] = [];
  for (const app of readdirSync(join(ROOT, 'apps'))) {
    for (const file of sourceFiles(join(ROOT, 'apps', app, 'src'))) {
      const path = relative(ROOT, file);
      if (path.endsWith('.repository.ts') || path in ALLOWED) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (STATEMENT.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  return found;
}

describe('SQL lives in repositories', () => {
  it('recognises each kind of statement', () => {
    for (const line of [
      "await manager.query('SELECT 1')",
      'await this.dataSource.query<Row[]>(sql)',
      'manager.createQueryBuilder().insert()',
      'await manager.insert(Session, session)',
      'await this.dataSource.findOneBy(Account, { id })',
      '@InjectRepository(Profile) private readonly profiles: Repository<Profile>',
    ]) {
      expect(line).toMatch(STATEMENT);
    }
    expect('await this.accounts.lockAdminChanges(manager)').not.toMatch(STATEMENT);
    expect('return this.dataSource.transaction(async (manager) => {').not.toMatch(STATEMENT);
  });

  it('no service, consumer, task or controller in apps/*/src writes a statement of its own', () => {
    expect(statementsOutsideRepositories()).toEqual([]);
  });

  it('every allowed exception still holds a statement (a stale entry is removed)', () => {
    for (const path of Object.keys(ALLOWED)) expect(readFileSync(join(ROOT, path), 'utf8')).toMatch(STATEMENT);
  });
});
