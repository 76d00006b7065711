import type { MailContent } from './mail-content';
import type { MailCategory, TemplateName, TemplateParams } from './mail-template';

/** The web app's pages a mail may point to, built from RenderContext.publicOrigin. */
export interface WebAppLinks {
  /** `${origin}/`: the footer's way back. */
  home: string;
  resetPassword: string;
  privacyPolicy: string;
  /** The account page that lists my privacy requests and their answers. */
  privacyRequests: string;
  /** The account's security page: password, second factors, passkeys. */
  accountSecurity: string;
}

/** Each template's subject and body in one language, from its params and the web app's links. */
export type TemplateBuilders = { [K in TemplateName]: (params: TemplateParams[K], links: WebAppLinks) => MailContent };

/** Everything one language says: the shell's words and each template's subject and body. */
export interface TemplateTexts {
  /** `name` is already on one line and non-empty, or null for the generic greeting. */
  greeting(name: string | null): string;
  signature: string;
  /** Why the person gets this mail, per category (R19), for the footer. */
  categoryNotice: { [C in MailCategory]: string };
  /** Lead-in of the marketing footer's one-click unsubscribe link. */
  unsubscribeLead: string;
  /** Label of the unsubscribe link in HTML. */
  unsubscribeLabel: string;
  /** Lead-in of the footer's link back to the web app. */
  webAppLead: string;
  templates: TemplateBuilders;
}
