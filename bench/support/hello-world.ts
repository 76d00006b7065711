import path from 'node:path';
import { Agent, request } from 'undici';
import { ensureDevCertificate, findFreePort, spawnNodeProcess, type NodeProcess } from '@sargs/devstack';
import { waitFor } from '@sargs/testing';

export interface HelloWorld {
  url: string;
  child: NodeProcess;
}

const root = path.resolve(__dirname, '../..');
const selfSigned = new Agent({ connect: { rejectUnauthorized: false } });

/** A baseline server in a process of its own, once it answers `url` with 200. */
async function listening(name: string, args: string[], env: Record<string, string>, url: string): Promise<HelloWorld> {
  const child = spawnNodeProcess(name, args, { env, keepChars: 8000 });
  await waitFor(
    async () => {
      if (!child.running()) throw new Error(`${name} exited:\n${child.output()}`);
      return request(url, { dispatcher: selfSigned }).then(
        async (r) => {
          await r.body.dump();
          return r.statusCode;
        },
        () => 0,
      );
    },
    (status) => status === 200,
    { timeoutMs: 20_000, what: `${name} listening` },
  );
  return { url, child };
}

const devCertificate = () => ensureDevCertificate(path.join(root, '.data', 'tls'));

/**
 * The ceiling for any Node HTTP server on this machine, in a process of its own. `tls`: Node's
 * https with the gateway's own certificate (the same handshake and record costs the gateway pays
 * on keep-alive connections), the fair baseline for anything read through the gateway.
 */
export async function helloWorld(options: { tls?: boolean } = {}): Promise<HelloWorld> {
  const port = await findFreePort();
  const server = options.tls
    ? (() => {
        const { certFile, keyFile } = devCertificate();
        const fs = `const fs = require('node:fs');`;
        return `${fs} require('node:https').createServer({ cert: fs.readFileSync(${JSON.stringify(certFile)}), key: fs.readFileSync(${JSON.stringify(keyFile)}) }, (q, s) => s.end('hello')).listen(${port}, '127.0.0.1')`;
      })()
    : `require('node:http').createServer((q, s) => s.end('hello')).listen(${port}, '127.0.0.1')`;
  return listening(options.tls ? 'tls-hello-world' : 'hello-world', ['-e', server], {}, `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/`);
}

/**
 * The ceiling for any page the gateway serves through Nest: `html` at GET /account from a Nest
 * app on Express over HTTPS (the same certificate) whose handler does nothing else
 * (nest-page-floor.process.ts).
 */
export async function nestPageFloor(html: string): Promise<HelloWorld> {
  const port = await findFreePort();
  const { certFile, keyFile } = devCertificate();
  const script = path.join(root, 'bench', 'scenarios', 'nest-page-floor.process.ts');
  const env = { BENCH_PAGE_HTML: html, BENCH_PORT: String(port), BENCH_CERT_FILE: certFile, BENCH_KEY_FILE: keyFile };
  return listening('nest-page-floor', ['-r', '@swc-node/register', script], env, `https://127.0.0.1:${port}/account`);
}
