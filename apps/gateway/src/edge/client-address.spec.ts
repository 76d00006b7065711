import { clientAddress } from './client-address';

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
