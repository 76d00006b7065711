import type { ComponentChildren } from 'preact';

/**
 * A policy's Markdown as the page shows it: headings, paragraphs, lists, bold, emphasis, code and
 * links, and nothing else. Built as elements, never as HTML from the text, so whatever staff
 * publish is shown as text (no markup of theirs reaches the page); anything this does not know is
 * shown as it was written.
 */
type Block = { kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; text: string } | { kind: 'list'; ordered: boolean; start: number; items: string[] };

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/u;
const LIST_ITEM = /^ {0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/u;

export function parsePolicy(content: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  for (const raw of content.replace(/\r\n?/gu, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      open = undefined;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1].length, text: heading[2] });
      open = undefined;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      const last = blocks[blocks.length - 1];
      // An item right after a list of the same kind (a blank line between items or not) continues it.
      if (last?.kind === 'list' && last.ordered === ordered && (open === last || open === undefined)) {
        last.items.push(item[3]);
        open = last;
      } else {
        open = { kind: 'list', ordered, start: ordered ? Number(item[2]) : 1, items: [item[3]] };
        blocks.push(open);
      }
      continue;
    }
    if (open?.kind === 'list') {
      open.items[open.items.length - 1] += ` ${line.trim()}`;
    } else if (open?.kind === 'paragraph') {
      open.text += ` ${line.trim()}`;
    } else {
      open = { kind: 'paragraph', text: line.trim() };
      blocks.push(open);
    }
  }
  return blocks;
}

// Code, bold, a link, emphasis: the first that matches at each place wins.
const INLINE = /(`+)(.+?)\1|\*\*(.+?)\*\*|__(.+?)__|\[([^\]]+)\]\(([^()\s]+)\)|(?<![\p{L}\p{N}*])\*(?!\s)(.+?)(?<!\s)\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}_])_(?!\s)(.+?)(?<!\s)_(?![\p{L}\p{N}_])/gu;

/** Only links a reader can follow safely: the web, this site, a mail address. */
const SAFE_HREF = /^(?:https?:\/\/|\/(?![/\\])|#|mailto:)/iu;

function inline(text: string): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > at) parts.push(text.slice(at, index));
    const [whole, , code, bold, boldUnderscore, linkText, href, em, emUnderscore] = match;
    if (code !== undefined) parts.push(<code>{code.trim()}</code>);
    else if (bold !== undefined || boldUnderscore !== undefined) parts.push(<strong>{inline(bold ?? boldUnderscore)}</strong>);
    else if (linkText !== undefined) parts.push(SAFE_HREF.test(href) ? <a href={href}>{inline(linkText)}</a> : whole);
    else parts.push(<em>{inline(em ?? emUnderscore)}</em>);
    at = index + whole.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

type HeadingTag = 'h2' | 'h3' | 'h4' | 'h5' | 'h6';

/**
 * The text, its headings placed below the page's own: the text's highest heading becomes
 * `topLevel` (h2 on a page whose h1 is the page's title), and the others follow down to h6.
 */
export function PolicyText({ content, topLevel = 2 }: { content: string; topLevel?: number }) {
  const blocks = parsePolicy(content);
  const highest = Math.min(6, ...blocks.map((block) => (block.kind === 'heading' ? block.level : 6)));
  return (
    <>
      {blocks.map((block, i) => {
        if (block.kind === 'heading') {
          const Tag = `h${Math.min(6, Math.max(2, block.level - highest + topLevel))}` as HeadingTag;
          return <Tag key={i}>{inline(block.text)}</Tag>;
        }
        if (block.kind === 'paragraph') return <p key={i}>{inline(block.text)}</p>;
        const items = block.items.map((item, j) => <li key={j}>{inline(item)}</li>);
        return block.ordered ? (
          <ol key={i} start={block.start === 1 ? undefined : block.start}>
            {items}
          </ol>
        ) : (
          <ul key={i}>{items}</ul>
        );
      })}
    </>
  );
}
