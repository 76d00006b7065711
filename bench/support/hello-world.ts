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

/**
 * The ceiling for any Node HTTP server on this machine, in a process of its own. `tls`: Node's
 * https with the gateway's own certificate (the same handshake and record costs the gateway pays
 * on keep-alive connections), the fair baseline for anything read through the gateway.
 */
export async function helloWorld(options: { tls?: boolean } = {}): Promise<HelloWorld> {
  const port = await findFreePort();
  const server = options.tls
    ? (() => {
        const { certFile, keyFile } = ensureDevCertificate(path.join(root, '.data', 'tls'));
        const fs = `const fs = require('node:fs');`;
        return `${fs} require('node:https').createServer({ cert: fs.readFileSync(${JSON.stringify(certFile)}), key: fs.readFileSync(${JSON.stringify(keyFile)}) }, (q, s) => s.end('hello')).listen(${port}, '127.0.0.1')`;
      })()
    : `require('node:http').createServer((q, s) => s.end('hello')).listen(${port}, '127.0.0.1')`;
  const child = spawnNodeProcess(options.tls ? 'tls-hello-world' : 'hello-world', ['-e', server], { env: {}, keepChars: 8000 });
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/`;
  await waitFor(
    async () => {
      if (!child.running()) throw new Error(`hello-world exited:\n${child.output()}`);
      return request(url, { dispatcher: selfSigned }).then(
        async (r) => {
          await r.body.dump();
          return r.statusCode;
        },
        () => 0,
      );
    },
    (status) => status === 200,
    { timeoutMs: 10_000, what: 'hello-world listening' },
  );
  return { url, child };
}
