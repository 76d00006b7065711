import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Every child the dev stack starts. If this process exits without stopping them (an uncaught
 * error, process.exit), the exit hook kills them, so no broker or database outlives its owner.
 */
const running = new Set<ChildProcess>();
/** Detached children lead their own process group; signalling the group reaches their children. */
const groupLeaders = new WeakSet<ChildProcess>();
/** Children that could not be spawned at all (ENOENT): they will never emit 'exit'. */
const failedToSpawn = new WeakSet<ChildProcess>();
let exitHookInstalled = false;

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || failedToSpawn.has(child);
}

function killHard(child: ChildProcess): void {
  if (child.pid === undefined || hasExited(child)) return;
  try {
    process.kill(groupLeaders.has(child) ? -child.pid : child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** `spawn`, remembered so that the process is killed if we exit without stopping it. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  // A forgotten child (a test that timed out while starting a broker) must not keep its owner
  // alive forever; the exit hook below kills it when the owner exits.
  child.unref();
  if (options.detached) groupLeaders.add(child);
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => {
    failedToSpawn.add(child);
    running.delete(child);
  });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => running.forEach(killHard));
  }
  return child;
}

/** Resolves true once the child has exited, false if it is still running after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child) || child.pid === undefined) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    child.once('exit', onExit);
  });
}

export interface StopOptions {
  /** The graceful signal: SIGTERM for Java and Node, SIGINT (fast shutdown) for PostgreSQL. */
  signal?: NodeJS.Signals;
  graceMs?: number;
}

/** Asks the child to stop, and kills it (with its process group) when it does not in time. */
export async function stopChild(child: ChildProcess, { signal = 'SIGTERM', graceMs = 20_000 }: StopOptions = {}): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  child.kill(signal);
  if (await waitForExit(child, graceMs)) return;
  killHard(child);
  await waitForExit(child, 5_000);
}

/** The last lines of a log file, quoted in a start-up error. */
export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n').trim();
  } catch {
    return '(no log written)';
  }
}

/** The error lines of a Java log (its tail is stack frames), or its tail when it has none. */
export function logErrors(file: string, max = 10): string {
  const lines = logTail(file, 10_000).split('\n');
  const errors = [...new Set(lines.filter((l) => /\b(ERROR|FATAL)\b|^\s*Caused by:/.test(l)).map((l) => l.trim()))];
  return errors.length > 0 ? errors.slice(0, max).join('\n') : lines.slice(-30).join('\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh log file for a child's output; the previous run's stays beside it as `<file>.previous`. */
export function openLog(file: string, heading: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file)) renameSync(file, `${file}.previous`);
  const fd = openSync(file, 'w');
  writeSync(fd, `=== ${new Date().toISOString()} ${heading}\n`);
  return fd;
}
