import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { hasExited, spawnTracked, stopChild, type SargsApp } from '@sargs/devstack';

export interface AppProcess {
  app: SargsApp;
  child: ChildProcess;
  stop(graceMs: number): Promise<void>;
}

const PREFIX_WIDTH = 'notifications'.length + 2;

function prefixLines(stream: NodeJS.ReadableStream, prefix: string, out: NodeJS.WriteStream): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix}${line}\n`));
}

/**
 * `node dist/apps/<app>/src/main.js` (built by `npm start` first) in its own process group, so a terminal's
 * Ctrl+C reaches only the stack, which then stops the apps before the infrastructure they use.
 */
export function startAppProcess(app: SargsApp, env: Record<string, string>, repoRoot: string, onExit: (app: SargsApp, code: number | null, signal: NodeJS.Signals | null) => void): AppProcess {
  const child = spawnTracked(process.execPath, [path.join(repoRoot, app.entry)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `[${app.name}]`.padEnd(PREFIX_WIDTH);
  if (child.stdout) prefixLines(child.stdout, prefix, process.stdout);
  if (child.stderr) prefixLines(child.stderr, prefix, process.stderr);
  child.once('exit', (code, signal) => onExit(app, code, signal));
  child.once('error', (err) => {
    process.stderr.write(`${prefix}could not start: ${err.message}\n`);
    onExit(app, null, null);
  });
  return { app, child, stop: (graceMs) => (hasExited(child) ? Promise.resolve() : stopChild(child, { signal: 'SIGTERM', graceMs })) };
}
