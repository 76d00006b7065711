import { isIP } from 'node:net';

/**
 * The unit a client is limited under, at the gateway and in identity's login throttling alike: its
 * IPv4 address, or the /64 of its IPv6 address (one subscriber usually holds a whole /64, so
 * per-address buckets would be free to multiply).
 */
export function clientKey(address: string): string {
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
