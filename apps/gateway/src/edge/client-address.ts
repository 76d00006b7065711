import { isIP } from 'node:net';

/** `::ffff:1.2.3.4` is the IPv4 client 1.2.3.4 on a dual-stack socket: one client, one key. */
function normalise(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/**
 * The client's address. With no trusted proxy (0), the socket's peer: X-Forwarded-For is whatever
 * the client wrote. With N trusted proxies, the address N hops left of the peer in the
 * X-Forwarded-For chain, which is the last one a proxy we trust wrote; anything further left is
 * again the client's own claim.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  const peer = normalise(remoteAddress ?? '') || 'unknown';
  if (trustedProxies === 0) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = [
    ...header
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
    peer,
  ];
  const candidate = normalise(chain[Math.max(0, chain.length - 1 - trustedProxies)]);
  return isIP(candidate) ? candidate : peer;
}
