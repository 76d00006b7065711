import net from 'node:net';

export interface PortClaim {
  port: number;
  /** What the port is for, as a person reads it: "PostgreSQL", "identity". */
  name: string;
  /** The variable that points at an already running instance instead, e.g. DATABASE_URL. */
  override?: string;
}

type BindResult = 'free' | 'in-use' | 'no-such-address';

function tryBind(port: number, host: string): Promise<BindResult> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      // A machine without IPv6 cannot bind ::; that says nothing about the port.
      resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? 'in-use' : 'no-such-address');
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** Throws one error naming every port of `claims` that something else already holds. */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  const taken: string[] = [];
  for (const claim of claims) {
    // 127.0.0.1 catches holders of 127.0.0.1 and 0.0.0.0; :: catches IPv6 and dual-stack ones.
    const results = [await tryBind(claim.port, '127.0.0.1'), await tryBind(claim.port, '::')];
    if (!results.includes('in-use')) continue;
    const instead = claim.override ? ` or set ${claim.override} to use one that already runs` : '';
    taken.push(`Port ${claim.port} (${claim.name}) is already in use; stop what holds it${instead}.`);
  }
  if (taken.length > 0) throw new Error(taken.join('\n'));
}

/** Ports this process has handed out: the OS may offer a just-closed port again before its user binds it. */
const handedOut = new Set<number>();

function askOsForPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A port that was free a moment ago (the OS picks it), for stacks that must not collide; never
 * one this process handed out before, so several picked in a row (Kafka, MailDev, ...) differ.
 */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await askOsForPort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no free port that this process has not handed out already');
}
