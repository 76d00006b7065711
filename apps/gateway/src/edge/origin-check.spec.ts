import { originAllowed, serialisedOrigin } from './origin-check';

describe('origin check', () => {
  const expected = serialisedOrigin('https://Sargs.Example.com:443');

  it('serialises the public origin as browsers do', () => {
    expect(expected).toBe('https://sargs.example.com');
    expect(serialisedOrigin('https://localhost:8443')).toBe('https://localhost:8443');
  });

  it('requires our exact origin when a cookie authenticates the write', () => {
    expect(originAllowed('https://sargs.example.com', expected, true)).toBe(true);
    for (const origin of [undefined, '', 'null', 'https://evil.example', 'http://sargs.example.com', 'https://sargs.example.com.evil.example', 'https://sargs.example.com/']) {
      expect([origin, originAllowed(origin, expected, true)]).toEqual([origin, false]);
    }
  });

  it('lets a write without a session come without Origin, never from another one', () => {
    expect(originAllowed(undefined, expected, false)).toBe(true);
    expect(originAllowed('https://sargs.example.com', expected, false)).toBe(true);
    expect(originAllowed('https://evil.example', expected, false)).toBe(false);
    expect(originAllowed('null', expected, false)).toBe(false);
  });
});
