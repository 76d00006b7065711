import { findFreePort } from '@sargs/devstack';
import { waitFor } from '@sargs/testing';
import { isRunning, spawnNode, type BenchChild } from './child-processes';

export interface HelloWorld {
  url: string;
  child: BenchChild;
}

/** The ceiling for any Node HTTP server on this machine, in a process of its own. */
export async function helloWorld(): Promise<HelloWorld> {
  const port = await findFreePort();
  const child = spawnNode('hello-world', ['-e', `require('node:http').createServer((q, s) => s.end('hello')).listen(${port}, '127.0.0.1')`], {});
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(
    async () => {
      if (!isRunning(child)) throw new Error(`hello-world exited:\n${child.output()}`);
      return fetch(url).then((r) => r.status, () => 0);
    },
    (status) => status === 200,
    { timeoutMs: 10_000, what: 'hello-world listening' },
  );
  return { url, child };
}
