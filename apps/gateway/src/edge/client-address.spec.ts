import { clientAddress, rateLimitKey } from './client-address';

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.1', 0)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:198.51.100.7', undefined, 0)).toBe('198.51.100.7');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('walks back as many hops as there are trusted proxies', () => {
    // client 203.0.113.1 -> ingress 10.0.0.5 -> gateway; a forged entry left of it is ignored.
    expect(clientAddress('10.0.0.5', '1.1.1.1, 203.0.113.1', 1)).toBe('203.0.113.1');
    expect(clientAddress('10.0.0.5', ['1.1.1.1', '203.0.113.1, 10.0.0.9'], 2)).toBe('203.0.113.1');
    expect(clientAddress('10.0.0.5', '2001:db8::1', 1)).toBe('2001:db8::1');
  });

  it('takes the leftmost entry when the chain is shorter than the trusted hops', () => {
    expect(clientAddress('10.0.0.5', '203.0.113.1', 3)).toBe('203.0.113.1');
    expect(clientAddress('10.0.0.5', undefined, 1)).toBe('10.0.0.5');
  });

  it('falls back to the peer when the chosen entry is not an address', () => {
    expect(clientAddress('10.0.0.5', 'evil<script>', 1)).toBe('10.0.0.5');
  });
});

describe('rateLimitKey', () => {
  it('keys IPv4 by address and IPv6 by its /64', () => {
    expect(rateLimitKey('203.0.113.1')).toBe('203.0.113.1');
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:0db8:0001:0002:bbbb:0:0:2')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('unknown')).toBe('unknown');
  });
});
