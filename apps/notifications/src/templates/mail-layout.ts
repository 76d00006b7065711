import type { Language } from '@sargs/contracts';
import { escapeHtml, plainTextToHtmlParagraphs, splitParagraphs } from './html-escape';
import type { MailBlock } from './mail-content';
import { PRODUCT_NAME, type MailCategory, type RenderedMail } from './mail-template';
import type { TemplateTexts } from './template-texts';

/** What the shell wraps: one mail's words, already chosen in the reader's language. */
export interface MailLayoutInput {
  language: Language;
  category: MailCategory;
  texts: TemplateTexts;
  /** One line, non-empty. */
  subject: string;
  /** One line and non-empty, or null for the generic greeting. */
  recipientName: string | null;
  blocks: MailBlock[];
  /** Instead of the category's footer notice, when the template says why it came itself. */
  footerNotice?: string;
  /** `${publicOrigin}/`. */
  homeUrl: string;
  /** Shown in the footer of marketing mail only. */
  unsubscribeUrl?: string;
}

const BODY_STYLE = 'margin:0;padding:24px 12px;background:#f4f4f5;color:#18181b;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;';
const CARD_STYLE = 'max-width:600px;margin:0 auto;padding:24px;background:#ffffff;border-radius:6px;';
const BRAND_STYLE = 'margin:0 0 16px;font-size:20px;font-weight:bold;color:#1d4ed8;';
const PARAGRAPH_STYLE = 'margin:0 0 16px;';
const LINK_STYLE = 'color:#1d4ed8;word-break:break-all;';
const FOOTER_STYLE = 'margin:24px 0 0;padding-top:16px;border-top:1px solid #e4e4e7;color:#52525b;font-size:13px;';

/** Only web links go into an href: never `javascript:` or other schemes, whoever built the URL. */
function assertWebUrl(url: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw new Error(`Refusing to put a non-http(s) URL into a mail: ${url}`);
  return url;
}

function htmlLink(url: string, label: string = url): string {
  return `<a href="${escapeHtml(assertWebUrl(url))}" style="${LINK_STYLE}">${escapeHtml(label)}</a>`;
}

function htmlLinkParagraph(lead: string, url: string, label?: string): string {
  return `<p style="${PARAGRAPH_STYLE}">${escapeHtml(lead)}<br>\n${htmlLink(url, label)}</p>`;
}

function blockToText(block: MailBlock): string[] {
  return block.kind === 'text' ? splitParagraphs(block.text) : [`${block.lead}\n${assertWebUrl(block.url)}`];
}

function blockToHtml(block: MailBlock): string[] {
  return block.kind === 'text' ? plainTextToHtmlParagraphs(block.text, PARAGRAPH_STYLE) : [htmlLinkParagraph(block.lead, block.url)];
}

function marketingUnsubscribeUrl(input: MailLayoutInput): string | null {
  if (input.category !== 'marketing') return null;
  if (!input.unsubscribeUrl) throw new Error('A marketing mail needs its unsubscribe URL');
  return input.unsubscribeUrl;
}

function renderText(input: MailLayoutInput): string {
  const { texts } = input;
  const unsubscribeUrl = marketingUnsubscribeUrl(input);
  const footer = [
    input.footerNotice ?? texts.categoryNotice[input.category],
    ...(unsubscribeUrl ? [`${texts.unsubscribeLead}\n${assertWebUrl(unsubscribeUrl)}`] : []),
    `${texts.webAppLead} ${assertWebUrl(input.homeUrl)}`,
  ];
  const body = [texts.greeting(input.recipientName), ...input.blocks.flatMap(blockToText), texts.signature];
  return `${body.join('\n\n')}\n\n-- \n${footer.join('\n\n')}\n`;
}

function renderHtml(input: MailLayoutInput): string {
  const { texts } = input;
  const unsubscribeUrl = marketingUnsubscribeUrl(input);
  const paragraph = (content: string): string => `<p style="${PARAGRAPH_STYLE}">${escapeHtml(content)}</p>`;
  const footer = [
    paragraph(input.footerNotice ?? texts.categoryNotice[input.category]),
    ...(unsubscribeUrl ? [`<p style="${PARAGRAPH_STYLE}">${escapeHtml(texts.unsubscribeLead)} ${htmlLink(unsubscribeUrl, texts.unsubscribeLabel)}</p>`] : []),
    `<p style="margin:0;">${escapeHtml(texts.webAppLead)} ${htmlLink(input.homeUrl)}</p>`,
  ];
  return [
    '<!doctype html>',
    `<html lang="${input.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.subject)}</title>`,
    '</head>',
    `<body style="${BODY_STYLE}">`,
    `<div style="${CARD_STYLE}">`,
    `<p style="${BRAND_STYLE}">${escapeHtml(PRODUCT_NAME)}</p>`,
    paragraph(texts.greeting(input.recipientName)),
    ...input.blocks.flatMap(blockToHtml),
    paragraph(texts.signature),
    `<div style="${FOOTER_STYLE}">`,
    ...footer,
    '</div>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The one shell every mail shares: greeting, body, signature, and a footer saying why it came (R19). */
export function layoutMail(input: MailLayoutInput): RenderedMail {
  return { subject: input.subject, text: renderText(input), html: renderHtml(input) };
}
