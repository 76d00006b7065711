import { escapeHtml, unsubscribePage } from './unsubscribe-page';

describe('unsubscribe pages', () => {
  it('posts the RFC 8058 body to the same URL with the token, in a form and nothing else active', () => {
    const html = unsubscribePage('confirm', 'en', 'u1.abc.def');
    expect(html).toContain('<form method="post" action="unsubscribe?token=u1.abc.def">');
    expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(html).toMatch(/<button type="submit">Unsubscribe<\/button>/);
    expect(html).not.toMatch(/<script|<style|\sstyle=|<link|<img|\son[a-z]+=/i);
  });

  it('speaks the language asked for', () => {
    expect(unsubscribePage('confirm', 'lv', 't')).toContain('<html lang="lv">');
    expect(unsubscribePage('confirm', 'lv', 't')).toContain('Atteikties');
    expect(unsubscribePage('invalid', 'en')).not.toContain('<form');
  });

  it('cannot be broken out of by the token', () => {
    const html = unsubscribePage('confirm', 'en', '"><script>alert(1)</script>');
    expect(html).not.toContain('<script');
    expect(escapeHtml(`<a href="x" title='y'>&`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;');
  });
});
