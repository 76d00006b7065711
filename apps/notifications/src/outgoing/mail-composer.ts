import { Inject, Injectable } from '@nestjs/common';
import type { SendMailOptions } from 'nodemailer';
import { languageSchema, type Language, type SealedSecret } from '@sargs/contracts';
import { SecretSealer, sealingContext, UnsubscribeTokens } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { renderMail } from '../templates/mail-renderer';
import type { TemplateName, TemplateParams } from '../templates/mail-template';
import type { ClaimedMail } from './claimed-mail';

/** Where each token-bearing mail links to in the web app: `<origin><path>?token=<token>` (docs/api.md). */
export const TOKEN_LINK_PATHS: Partial<Record<TemplateName, string>> = {
  'verify-email': '/verify-email',
  'password-reset': '/reset-password',
  'email-change-confirm': '/confirm-email-change',
  'org-invitation': '/org-invitation',
};

/** Why a queued mail is not sent; the sender cancels or defers it. */
export class NotSendable extends Error {
  constructor(
    readonly outcome: 'cancel' | 'defer',
    readonly code: 'closed' | 'no-consent' | 'unverified' | 'no-recipient',
  ) {
    super(`mail not sendable: ${code}`);
  }
}

export type BroadcastContent = Record<string, unknown>;

/**
 * Turns a claimed queue row into the message handed to the relay: who it goes to (the category
 * rules of R19 are checked here, at send time), the rendered text in the person's language, and
 * the headers (RFC 8058 one-click unsubscribe on marketing; the footer links the web page instead).
 */
@Injectable()
export class MailComposer {
  private readonly fromDomain: string;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly sealer: SecretSealer,
    private readonly unsubscribeTokens: UnsubscribeTokens,
  ) {
    this.fromDomain = /@([^\s<>@]+)>?$/u.exec(config.MAIL_FROM)?.[1] ?? 'sargs.localhost';
  }

  compose(mail: ClaimedMail, broadcast: BroadcastContent | undefined): SendMailOptions {
    const { recipient } = mail;
    if (recipient?.closed) throw new NotSendable('cancel', 'closed');
    if (mail.category === 'marketing' && !recipient?.marketingOptIn) throw new NotSendable('cancel', 'no-consent');
    // Mail to the directory's address (everything but a link to a given address) needs the address proven
    // for broadcasts; single transactional mail goes to whatever identity holds for the account.
    if (mail.broadcastId && !recipient?.emailVerified) throw new NotSendable('cancel', 'unverified');
    const address = mail.toAddress ?? recipient?.email;
    if (!address) throw new NotSendable('defer', 'no-recipient');

    const language = recipient?.language ?? this.fallbackLanguage(mail.params);
    const unsubscribe = mail.category === 'marketing' ? this.unsubscribeUrls(mail.accountId) : undefined;
    const rendered = renderMail(mail.template, this.templateParams(mail, broadcast, language), {
      language,
      recipientName: recipient?.name ?? null,
      publicOrigin: this.config.PUBLIC_ORIGIN,
      unsubscribeUrl: unsubscribe?.page,
    });
    const headers: Record<string, string> = { 'X-Sargs-Category': mail.category, 'X-Sargs-Template': mail.template };
    if (unsubscribe) {
      headers['List-Unsubscribe'] = `<${unsubscribe.oneClick}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    } else {
      headers['Auto-Submitted'] = 'auto-generated';
    }
    return {
      from: this.config.MAIL_FROM,
      to: recipient?.name ? { name: recipient.name, address } : address,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      // The same id on a retry, so a relay or reader can tell a repeat from a second mail.
      messageId: `<${mail.id}@${this.fromDomain}>`,
      headers,
    };
  }

  private templateParams(mail: ClaimedMail, broadcast: BroadcastContent | undefined, language: Language): TemplateParams[TemplateName] {
    if (mail.broadcastId) {
      if (!broadcast) throw new Error(`broadcast ${mail.broadcastId} of mail ${mail.id} not found`);
      return broadcastParams(mail.template, broadcast, language);
    }
    const params = { ...(mail.params ?? {}) };
    const path = TOKEN_LINK_PATHS[mail.template];
    if (path) {
      const subject = typeof params.sealedSubject === 'string' ? params.sealedSubject : mail.accountId;
      const token = this.sealer.open(params.token as SealedSecret, sealingContext(String(params.sealedFor), subject));
      params.link = `${this.config.PUBLIC_ORIGIN}${path}?token=${encodeURIComponent(token)}`;
      delete params.token;
      delete params.sealedFor;
      delete params.sealedSubject;
    }
    delete params.language;
    return params as TemplateParams[TemplateName];
  }

  /**
   * One token, two addresses: the API's, for a mail client's RFC 8058 one-click POST (the
   * List-Unsubscribe header), and the web page's, for the person reading the footer (a page in
   * the privacy centre's look whose button makes the same call).
   */
  private unsubscribeUrls(accountId: string): { oneClick: string; page: string } {
    const token = encodeURIComponent(this.unsubscribeTokens.sign({ accountId, purpose: 'marketing-email' }));
    return { oneClick: `${this.config.PUBLIC_ORIGIN}/api/v1/unsubscribe?token=${token}`, page: `${this.config.PUBLIC_ORIGIN}/unsubscribe?token=${token}` };
  }

  /** A mail to a given address before the directory knows the account: the event's language. */
  private fallbackLanguage(params: Record<string, unknown> | null): Language {
    const parsed = languageSchema.safeParse(params?.language);
    return parsed.success ? parsed.data : 'en';
  }
}

/** A broadcast's stored content, in the reader's language. */
function broadcastParams(template: TemplateName, content: BroadcastContent, language: Language): TemplateParams[TemplateName] {
  const pick = (value: unknown): string => (value as Record<Language, string>)[language];
  switch (template) {
    case 'security-incident':
      return { title: String(content.title), message: pick(content.message) };
    case 'campaign':
      return { subject: pick(content.subject), body: pick(content.body) };
    case 'policy-changed':
      return { version: String(content.version), publishedAt: String(content.publishedAt) };
    default:
      throw new Error(`template ${template} is not a broadcast template`);
  }
}
