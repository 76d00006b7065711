import { clearedSessionCookie, isCookieValue, languageCookie, parseCookies, sessionCookie } from './session-cookie';

describe('session cookie', () => {
  it('parses a Cookie header: trimmed, first of a name wins, quotes dropped, junk skipped', () => {
    const cookies = parseCookies(' a=1;__Host-sid=tok; junk ; =x; __Host-sid=second; q="quoted"; empty=');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['__Host-sid', 'tok'],
      ['q', 'quoted'],
      ['empty', ''],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('sets the cookie with exactly the __Host- attributes', () => {
    expect(sessionCookie('abc_DEF-123', 3600.9)).toBe('__Host-sid=abc_DEF-123; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600');
    expect(clearedSessionCookie()).toBe('__Host-sid=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it('never writes a value that could add attributes or another cookie', () => {
    for (const bad of ['a;b', 'a b', 'a,b', 'a"b', 'a\\b', '', 'x'.repeat(1025), 'é']) {
      expect(isCookieValue(bad)).toBe(false);
      expect(() => sessionCookie(bad, 10)).toThrow();
    }
  });

  it('sets the language cookie for a year, Secure and SameSite=Lax, readable by the page', () => {
    expect(languageCookie('lv')).toBe('lang=lv; Path=/; Secure; SameSite=Lax; Max-Age=31536000');
    expect(languageCookie('en')).toBe('lang=en; Path=/; Secure; SameSite=Lax; Max-Age=31536000');
  });
});
