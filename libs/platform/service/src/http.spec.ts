import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

/** The packages a fresh Node process has loaded after requiring `file` (run from source, as the tests do). */
function packagesLoadedBy(file: string): string[] {
  const script = `require(${JSON.stringify(file)});
const names = Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean);
process.stdout.write(JSON.stringify([...new Set(names)]));`;
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`requiring ${file} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

describe('@sargs/platform/service/http', () => {
  it('loads neither the database nor Kafka (the gateway starts from it and needs neither)', () => {
    const loaded = packagesLoadedBy(path.join(__dirname, 'http.ts'));
    expect(loaded).toContain('@nestjs/core');
    expect(loaded.filter((name) => ['typeorm', '@nestjs/typeorm', 'pg', 'kafkajs'].includes(name))).toEqual([]);
  });
});
