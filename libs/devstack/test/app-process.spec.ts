import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { spawnNodeProcess } from '../src/app-process';

describe('spawnNodeProcess', () => {
  it('keeps its owner alive until the child exits (the bench awaits its children)', () => {
    const owner = spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'fixtures', 'await-child.ts')], { cwd: path.resolve(__dirname, '../../..'), encoding: 'utf8', timeout: 30_000 });
    expect({ status: owner.status, stdout: owner.stdout }).toEqual({ status: 0, stdout: 'child exited 0\n' });
  });

  it('passes only PATH and the given environment, and keeps the output', async () => {
    process.env.SARGS_LEAK_CHECK = 'leaked';
    const child = spawnNodeProcess('env', ['-e', 'console.log(process.env.SARGS_LEAK_CHECK ?? "none", process.env.GIVEN)'], { env: { GIVEN: 'given' } });
    expect(await child.exited()).toEqual({ code: 0, signal: null });
    expect(child.stdout()).toBe('none given\n');
    delete process.env.SARGS_LEAK_CHECK;
  });
});
