import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const OUTPUT_KEPT = 8000;

/** Children still running; whatever a failed scenario left behind dies with the bench. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface BenchChild {
  name: string;
  child: ChildProcess;
  /** The tail of its stdout and stderr together, for error messages. */
  output(): string;
  /** Its whole stdout (for children that report a result there). */
  stdout(): string;
  exited: Promise<number | null>;
}

/** A Node process from the repository root with only PATH and `env`: nothing of the bench's own environment leaks in. */
export function spawnNode(name: string, args: string[], env: Record<string, string>): BenchChild {
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  let stdout = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-OUTPUT_KEPT));
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    keep(d);
  });
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  return { name, child, output: () => output, stdout: () => stdout, exited };
}

export function isRunning(c: BenchChild): boolean {
  return c.child.exitCode === null && c.child.signalCode === null;
}

/** SIGTERM (apps shut down cleanly, and --cpu-prof writes its profile), SIGKILL after `graceMs`. */
export async function stopChild(c: BenchChild, graceMs = 15_000): Promise<void> {
  if (!isRunning(c)) return;
  c.child.kill('SIGTERM');
  const timer = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
  await c.exited;
  clearTimeout(timer);
}
