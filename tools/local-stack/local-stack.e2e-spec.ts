import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { request } from 'node:https';
import path from 'node:path';
import { DEFAULT_INFRASTRUCTURE_PORTS, SARGS_APPS, assertPortsFree } from '@sargs/devstack';
import { waitFor } from '@sargs/testing';

const root = path.resolve(__dirname, '../..');
const ALL_PORTS = [
  ...Object.entries(DEFAULT_INFRASTRUCTURE_PORTS).map(([name, port]) => ({ name, port })),
  ...SARGS_APPS.flatMap((a) => [{ name: a.name, port: a.port }, { name: `${a.name} management`, port: a.managementPort }, ...(a.redirectPort ? [{ name: `${a.name} redirect`, port: a.redirectPort }] : [])]),
];

interface Stack {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `npm start` minus the build (done once in beforeAll), on the documented ports. */
function startStack(): Stack {
  let output = '';
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'SMTP_URL']) delete env[name];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/local-stack/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function httpsGet(url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('npm start (the local stack)', () => {
  let stack: Stack | undefined;

  beforeAll(() => {
    const build = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/build/build.ts'], { cwd: root, encoding: 'utf8' });
    expect(build.status).toBe(0);
  });

  afterAll(async () => {
    if (stack && stack.child.exitCode === null) {
      stack.child.kill('SIGINT');
      await stack.exited;
    }
  });

  it('runs everything, refuses a second start naming the port, and stops cleanly on Ctrl+C', async () => {
    await assertPortsFree(ALL_PORTS);
    const first = startStack();
    stack = first;
    await waitFor(async () => first.output(), (out) => out.includes('Sargs is running') || first.child.exitCode !== null, {
      timeoutMs: 240_000,
      intervalMs: 500,
      what: 'the stack to start',
    });
    expect(first.output()).toContain('Sargs is running');
    expect(first.output()).toMatch(/https:\/\/localhost:8443/);

    // Probes and metrics are on each app's management port, never on the public one.
    expect((await httpsGet('https://localhost:8443/metrics')).status).toBe(404);
    const redirect = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const req = httpGet('http://localhost:8080/api/v1/me?x=1', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      });
      req.on('error', reject);
    });
    expect(redirect).toEqual({ status: 308, location: 'https://localhost:8443/api/v1/me?x=1' });
    for (const app of SARGS_APPS) {
      expect([app.name, (await fetch(app.readyUrl)).status]).toEqual([app.name, 200]);
      expect([app.name, (await fetch(`http://127.0.0.1:${app.managementPort}/metrics`)).status]).toEqual([app.name, 200]);
    }

    const second = startStack();
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('Port 54329 (PostgreSQL) is already in use');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    // Nothing stays behind: every port is free again.
    await expect(assertPortsFree(ALL_PORTS)).resolves.toBeUndefined();
  });
});
