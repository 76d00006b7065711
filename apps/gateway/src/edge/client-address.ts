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

/**
 * The key a client is rate-limited under: its IPv4 address, or the /64 of its IPv6 address (one
 * subscriber usually holds a whole /64, so per-address buckets would be free to multiply).
 */
export function rateLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.toLowerCase().split('%')[0].split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
