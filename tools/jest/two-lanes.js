// `npm test`'s jest part, on a two-core machine: two lanes side by side, each one jest with one
// worker. The browser lane runs the browser suites (libs/web/test) one after another; the other
// lane runs everything else. Each browser suite runs a whole platform and a Chromium: two at once
// starve each other (every test in them ran more than twice as slow), so they never pair. Each
// lane has its own PostgreSQL, Kafka and MailDev (the global setup), so they share nothing.
// Extra arguments go to both lanes; the exit code is the worst of the two.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '../..');
const jest = require.resolve('jest/bin/jest', { paths: [root] });
const BROWSER_SUITES = '/libs/web/test/';
// The browser suites take less time than the rest: the tenant suites and the local stack's run
// after them in that lane, so the two lanes end at about the same time (measured on a clean clone:
// browser 1504 s and other 1852 s before these moved, about 170 s of the difference).
const FIRST_LANE = `${BROWSER_SUITES}|/apps/(organizations|contacts)/test/|/apps/retention/test/tenant-|/tools/local-stack/`;
const common = ['--ci', '--maxWorkers=1', '--forceExit', '--passWithNoTests', ...process.argv.slice(2)];
const lanes = [
  { name: 'browser', args: ['--selectProjects', 'integration', '--testPathPatterns', FIRST_LANE, ...common] },
  { name: 'other', args: ['--testPathIgnorePatterns', FIRST_LANE, ...common] },
];

const children = lanes.map(({ name, args }) => {
  const child = spawn(process.execPath, [jest, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

Promise.all(children).then((codes) => {
  const failed = codes.some((code) => code !== 0);
  console.log(`lanes: ${lanes.map((lane, i) => `${lane.name} ${codes[i] === 0 ? 'passed' : `failed (${codes[i]})`}`).join(', ')}`);
  process.exit(failed ? 1 : 0);
});
