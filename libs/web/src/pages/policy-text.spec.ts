import { readFileSync } from 'node:fs';
import path from 'node:path';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { parsePolicy, PolicyText } from './policy-text';

const html = (content: string, topLevel?: number) => renderToString(h(PolicyText, { content, topLevel }));

describe('a policy text as the page shows it', () => {
  it('puts the headings below the page title, keeping their order', () => {
    expect(html('# Title\n\n## Part\n\n### Detail')).toBe('<h2>Title</h2><h3>Part</h3><h4>Detail</h4>');
    // A text that starts at ## still starts at the page's next level.
    expect(html('## Part\n\n### Detail')).toBe('<h2>Part</h2><h3>Detail</h3>');
    expect(html('# Title', 3)).toBe('<h3>Title</h3>');
  });

  it('joins wrapped lines into paragraphs and list items', () => {
    expect(html('One line\nand the next.\n\nAnother.')).toBe('<p>One line and the next.</p><p>Another.</p>');
    expect(html('- first\n  continued\n- second\n\n- third')).toBe('<ul><li>first continued</li><li>second</li><li>third</li></ul>');
    expect(html('3. three\n4. four')).toBe('<ol start="3"><li>three</li><li>four</li></ol>');
    expect(parsePolicy('text\n- item')).toEqual([
      { kind: 'paragraph', text: 'text' },
      { kind: 'list', ordered: false, start: 1, items: ['item'] },
    ]);
  });

  it('knows bold, emphasis, code and safe links, and shows anything else as written', () => {
    expect(html('Your **name** and *address*, `lv` and _en_.')).toBe('<p>Your <strong>name</strong> and <em>address</em>, <code>lv</code> and <em>en</em>.</p>');
    expect(html('[the centre](/account) and [site](https://sargs.example/)')).toBe('<p><a href="/account">the centre</a> and <a href="https://sargs.example/">site</a></p>');
    expect(html('[bad](javascript:alert(1)) [worse](//elsewhere.example)')).toBe('<p>[bad](javascript:alert(1)) [worse](//elsewhere.example)</p>');
    expect(html('snake_case_name and 2 * 3 * 4')).toBe('<p>snake_case_name and 2 * 3 * 4</p>');
  });

  it('never lets the text write markup', () => {
    const out = html('# <script>alert(1)</script>\n\n<img src=x onerror=alert(1)> **<b>x</b>**');
    expect(out).not.toMatch(/<script|<img|<b>/u);
    expect(out).toContain('&lt;script>');
  });

  it.each(['en', 'lv'])('renders the seeded policy (%s) with every section a heading and no Markdown left over', (language) => {
    const content = readFileSync(path.join(__dirname, '../../../../policies/privacy/2026-11-25', `${language}.md`), 'utf8');
    const out = html(content);
    expect(out.match(/<h2>/gu)).toHaveLength(1);
    expect(out.match(/<h3>/gu)?.length).toBe(content.match(/^## /gmu)?.length);
    expect(out).not.toMatch(/\*\*|^#|\n- /mu);
  });
});
