import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appNodeOptions } from '../src/app-node-options';
import { startAppProcess } from '../src/app-process';
import { sargsApp } from '../src/apps';

describe('appNodeOptions', () => {
  it("is the runtime stage's NODE_OPTIONS, quoted or not, and '' without one", () => {
    const stages = (runtime: string) => `FROM node AS build\nENV NODE_OPTIONS="--build-only"\nRUN npm run build\n\nFROM node AS runtime\n${runtime}\nCMD ["node"]\n`;
    expect(appNodeOptions(stages('ENV NODE_OPTIONS="--max-semi-space-size=4 --stack-trace-limit=20"'))).toBe('--max-semi-space-size=4 --stack-trace-limit=20');
    expect(appNodeOptions(stages('ENV NODE_OPTIONS=--max-semi-space-size=2'))).toBe('--max-semi-space-size=2');
    expect(appNodeOptions(stages('ENV NODE_ENV=production'))).toBe('');
  });

  it("reads the repository's Dockerfile: the apps' young generation is bounded there", () => {
    expect(appNodeOptions()).toMatch(/(^| )--max-semi-space-size=\d+( |$)/);
  });
});

describe('startAppProcess', () => {
  let buildRoot = '';

  beforeAll(() => {
    // A stand-in for a built gateway that reports the options it was started with.
    buildRoot = mkdtempSync(path.join(tmpdir(), 'sargs-node-options-'));
    const entry = path.join(buildRoot, sargsApp('gateway').entry);
    mkdirSync(path.dirname(entry), { recursive: true });
    writeFileSync(entry, 'console.log(process.env.NODE_OPTIONS ?? "none");\n');
  });

  afterAll(() => rmSync(buildRoot, { recursive: true, force: true }));

  it("runs an app with the image's NODE_OPTIONS", async () => {
    const app = startAppProcess('gateway', { from: 'built', buildRoot, env: {} });
    expect(await app.exited()).toEqual({ code: 0, signal: null });
    expect(app.stdout().trim()).toBe(appNodeOptions());
  });

  it("puts the caller's own NODE_OPTIONS after them, so the caller's win", async () => {
    const app = startAppProcess('gateway', { from: 'built', buildRoot, env: { NODE_OPTIONS: '--max-semi-space-size=16' } });
    expect(await app.exited()).toEqual({ code: 0, signal: null });
    expect(app.stdout().trim()).toBe(`${appNodeOptions()} --max-semi-space-size=16`);
  });
});
