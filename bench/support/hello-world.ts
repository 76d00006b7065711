import { findFreePort, spawnNodeProcess, type NodeProcess } from '@sargs/devstack';
import { waitFor } from '@sargs/testing';

export interface HelloWorld {
  url: string;
  child: NodeProcess;
}

/** The ceiling for any Node HTTP server on this machine, in a process of its own. */
export async function helloWorld(): Promise<HelloWorld> {
  const port = await findFreePort();
  const child = spawnNodeProcess('hello-world', ['-e', `require('node:http').createServer((q, s) => s.end('hello')).listen(${port}, '127.0.0.1')`], { env: {}, keepChars: 8000 });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(
    async () => {
      if (!child.running()) throw new Error(`hello-world exited:\n${child.output()}`);
      return fetch(url).then((r) => r.status, () => 0);
    },
    (status) => status === 200,
    { timeoutMs: 10_000, what: 'hello-world listening' },
  );
  return { url, child };
}
