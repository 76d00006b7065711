const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * Turns plain text (staff-written messages, campaign bodies, our own sentences) into HTML
 * paragraphs: everything is escaped, never interpreted as markup; a blank line starts a new
 * paragraph and a single line break becomes `<br>`.
 */
export function plainTextToHtmlParagraphs(text: string, paragraphStyle: string): string[] {
  return splitParagraphs(text).map((paragraph) => `<p style="${escapeHtml(paragraphStyle)}">${paragraph.split('\n').map(escapeHtml).join('<br>\n')}</p>`);
}

/** Plain-text paragraphs: line endings normalised, blank lines as separators, edges trimmed. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n')
        .trim(),
    )
    .filter((paragraph) => paragraph.length > 0);
}
