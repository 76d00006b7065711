import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { appNodeOptions } from './app-node-options';
import { sargsApp, type AppName } from './apps';
import { hasExited, spawnTracked, stopChild } from './processes';

const root = path.resolve(__dirname, '../../..');
/** How long an exited child's output may take to arrive before `exited()` settles without the rest. */
const PIPE_DRAIN_MS = 5_000;

export interface NodeProcessOptions {
  /** The environment: only PATH and this, unless `inheritEnv` (nothing of the caller's leaks in by accident). */
  env: Record<string, string>;
  /** Also pass this process's own environment under `env` (the local stack: the developer's settings). */
  inheritEnv?: boolean;
  /** Its own process group, so a terminal's Ctrl+C reaches only the caller, which then stops it in order. */
  detached?: boolean;
  /** Each line it writes, as it comes (the local stack prints them with the app's name). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How much of its output to keep for `output()`; all of it by default (tests scan it for leaks). */
  keepChars?: number;
}

/** A Node child of ours: its output, its exit, and a stop that waits. */
export interface NodeProcess {
  name: string;
  child: ChildProcess;
  /** Its stdout and stderr together (the last `keepChars`). */
  output(): string;
  /** Its whole stdout (children that report a result there). */
  stdout(): string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** SIGTERM (apps drain; --cpu-prof writes its profile), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The one way we start a Node process from the repository root (apps, and the bench's baselines):
 * tracked, so it dies with its owner, and with its output kept for error messages.
 */
export function spawnNodeProcess(name: string, args: readonly string[], options: NodeProcessOptions): NodeProcess {
  const child = spawnTracked(process.execPath, args, {
    cwd: root,
    env: { ...(options.inheritEnv ? process.env : { PATH: process.env.PATH ?? '' }), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  // spawnTracked unrefs its children (a forgotten broker must not keep its owner alive); an app or
  // a baseline is awaited by its owner, which must stay alive until it exits.
  child.ref();
  const keep = options.keepChars ?? Number.POSITIVE_INFINITY;
  let output = '';
  let stdout = '';
  const collect = (stream: 'stdout' | 'stderr') => (d: Buffer) => {
    const text = d.toString();
    output += text;
    if (output.length > keep) output = keep > 0 ? output.slice(-keep) : '';
    if (stream === 'stdout') stdout += text;
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  if (options.onLine) {
    const onLine = options.onLine;
    if (child.stdout) createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => onLine(line, 'stdout'));
    if (child.stderr) createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => onLine(line, 'stderr'));
  }
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'exit' can come before the pipes are read to their end, and callers read stdout() after it;
    // 'close' comes after. A grandchild holding the pipes open must not hold the caller, so 'close'
    // is awaited for a bounded time only.
    child.once('exit', (code, signal) => {
      const settle = () => resolve({ code, signal });
      if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) return settle();
      const bound = setTimeout(settle, PIPE_DRAIN_MS);
      child.once('close', () => {
        clearTimeout(bound);
        settle();
      });
    });
    child.once('error', (err) => {
      output += `could not start: ${err.message}\n`;
      options.onLine?.(`could not start: ${err.message}`, 'stderr');
      resolve({ code: null, signal: null });
    });
  });
  return {
    name,
    child,
    output: () => output,
    stdout: () => stdout,
    exited: () => exit,
    running: () => !hasExited(child),
    stop: (graceMs = 15_000) => stopChild(child, { signal: 'SIGTERM', graceMs }),
  };
}

export interface AppProcessOptions extends NodeProcessOptions {
  /** `source`: apps/<app>/src/main.ts through swc (tests: edits count at once); `built`: dist/ (`npm start`, the bench). */
  from: 'source' | 'built';
  /** Built: the directory holding the build's `dist/` (default the repository root; the tests build their own). */
  buildRoot?: string;
  /** Node flags before the entry point (the bench's --cpu-prof). */
  nodeFlags?: readonly string[];
}

export interface AppProcess extends NodeProcess {
  app: AppName;
}

/** Starts one of our apps (the local stack, the tests and the bench all come here). */
export function startAppProcess(app: AppName, options: AppProcessOptions): AppProcess {
  const entry = options.from === 'built' ? [path.join(options.buildRoot ?? root, sargsApp(app).entry)] : ['-r', '@swc-node/register', `apps/${app}/src/main.ts`];
  // The image's Node options (its heap sizing), then the caller's own, which win where they differ.
  const callerNodeOptions = options.env.NODE_OPTIONS ?? (options.inheritEnv ? process.env.NODE_OPTIONS : undefined);
  const nodeOptions = [appNodeOptions(), callerNodeOptions].filter(Boolean).join(' ');
  const withNodeOptions = nodeOptions ? { ...options.env, NODE_OPTIONS: nodeOptions } : options.env;
  const env = options.from === 'source' ? { NODE_ENV: 'test', ...withNodeOptions } : withNodeOptions;
  return { app, ...spawnNodeProcess(app, [...(options.nodeFlags ?? []), ...entry], { ...options, env }) };
}
