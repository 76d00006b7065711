/**
 * A mail's body as the templates describe it, before the layout turns it into text and HTML.
 * Every string is plain text: the layout escapes all of it, so no template writes markup.
 */
export type MailBlock =
  /** One or more paragraphs (a blank line separates them, a single line break stays a line break). */
  | { kind: 'text'; text: string }
  /** A lead-in sentence, then the URL itself, shown in full in both parts (and as the HTML href). */
  | { kind: 'link'; lead: string; url: string };

export interface MailContent {
  /** Collapsed to one line by the renderer. */
  subject: string;
  blocks: MailBlock[];
  /**
   * Why this mail came, instead of its category's footer (R19), where those words would not be
   * true: an invitation to an address that may have no account, a notice to an organisation's owners.
   */
  footerNotice?: string;
}

export const textBlock = (value: string): MailBlock => ({ kind: 'text', text: value });
export const linkBlock = (lead: string, url: string): MailBlock => ({ kind: 'link', lead, url });
