import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectedApiCalls, observedCalls, shellExamples, walkThroughScript, STATUS_MARKER } from './shell-examples';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

describe('the README shell examples', () => {
  it('runs every ```sh block unless a comment right above it says why not', () => {
    const md = ['```sh', 'echo one', '```', '<!-- example not run: needs a cluster -->', '```sh', 'kubectl apply', '```', '', '```sh', 'echo two \\', '  three', '```'].join('\n');
    expect(shellExamples(md)).toEqual([
      { line: 1, code: 'echo one' },
      { line: 5, code: 'kubectl apply', notRun: 'needs a cluster' },
      { line: 9, code: 'echo two \\\n  three' },
    ]);
    const script = walkThroughScript(shellExamples(md));
    expect(script).toContain('echo one');
    expect(script).toContain('echo two');
    expect(script).not.toContain('kubectl');
  });

  it('reads the status each API call promises in its comment, joining continued lines', () => {
    const md = ['```sh', 'v=$(curl $ca "$api/x" | json .v)   # the version', 'curl $ca -d @- \\', '  $api/sessions   # 200; the cookie', 'curl -sS http://localhost:1080/email', '```'].join('\n');
    expect(expectedApiCalls(shellExamples(md))).toEqual([
      { command: 'v=$(curl $ca "$api/x" | json .v)   # the version' },
      { command: 'curl $ca -d @-    $api/sessions   # 200; the cookie', status: 200 },
    ]);
  });

  it('reads what curl reported on stderr and nothing else', () => {
    expect(observedCalls(`curl: (7) refused\n${STATUS_MARKER} 201 https://localhost:8443/api/v1/accounts\n${STATUS_MARKER} 000 https://x/\n`)).toEqual([
      { status: 201, url: 'https://localhost:8443/api/v1/accounts' },
      { status: 0, url: 'https://x/' },
    ]);
  });

  it('leaves out of the walk-through only what it says why, and the walk-through calls the API', () => {
    const examples = shellExamples(readme);
    expect(examples.filter((e) => e.notRun).map((e) => e.code.split('\n')[0])).toEqual(['npm ci', 'npm run build', 'npm run restore -- <backupId> [--databases identity,profile]']);
    expect(expectedApiCalls(examples).length).toBeGreaterThan(20);
  });
});
