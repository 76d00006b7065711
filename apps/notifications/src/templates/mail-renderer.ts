import type { Language } from '@sargs/contracts';
import { layoutMail } from './mail-layout';
import { TEMPLATE_CATEGORY, type RenderContext, type RenderedMail, type TemplateName, type TemplateParams } from './mail-template';
import type { TemplateBuilders, TemplateTexts, WebAppLinks } from './template-texts';
import { ENGLISH_TEXTS } from './template-texts.en';
import { LATVIAN_TEXTS } from './template-texts.lv';
import { toSingleLine } from './single-line-text';

const TEXTS: { [L in Language]: TemplateTexts } = { lv: LATVIAN_TEXTS, en: ENGLISH_TEXTS };

function webAppLinks(publicOrigin: string): WebAppLinks {
  const origin = publicOrigin.replace(/\/+$/, '');
  return { home: `${origin}/`, resetPassword: `${origin}/reset-password`, privacyPolicy: `${origin}/privacy-policy`, privacyRequests: `${origin}/privacy-requests`, accountSecurity: `${origin}/account/security` };
}

/**
 * Renders one mail in the reader's language: subject on one line, a plain-text part and an HTML
 * part wrapped in the shared layout. Staff-written text is escaped, never taken as markup. Throws
 * for a campaign without `context.unsubscribeUrl` or with an empty subject or body.
 */
export function renderMail<K extends TemplateName>(template: K, params: TemplateParams[K], context: RenderContext): RenderedMail {
  const texts = TEXTS[context.language];
  if (!texts) throw new Error(`No mail texts for language ${String(context.language)}`);
  const links = webAppLinks(context.publicOrigin);
  const build: TemplateBuilders[K] = texts.templates[template];
  const content = build(params, links);
  const subject = toSingleLine(content.subject);
  if (subject === '') throw new Error(`The ${template} mail has an empty subject`);
  if (template === 'campaign' && toSingleLine((params as TemplateParams['campaign']).body) === '') throw new Error('The campaign mail has an empty body');
  const name = context.recipientName === null ? '' : toSingleLine(context.recipientName);
  return layoutMail({
    language: context.language,
    category: TEMPLATE_CATEGORY[template],
    texts,
    subject,
    recipientName: name === '' ? null : name,
    blocks: content.blocks,
    footerNotice: content.footerNotice,
    homeUrl: links.home,
    unsubscribeUrl: context.unsubscribeUrl,
  });
}
