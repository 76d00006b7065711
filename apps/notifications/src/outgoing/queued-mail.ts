import type { Language } from '@sargs/contracts';
import type { TemplateName, TemplateParams } from '../templates/mail-template';

/** A token sealed by its issuer (identity, organizations), opened only when the mail is rendered (docs/architecture.md, "Events and topics"). */
export interface SealedTokenParam {
  token: unknown;
  /** The event type it was sealed for: part of the sealing context. */
  sealedFor: string;
  /**
   * The event's subject, the other part of the sealing context, when it is not the mail's account
   * (an invitation is sealed for its organisation; the invited address may have no account).
   */
  sealedSubject?: string;
}

/**
 * Template values as queued: link-bearing templates keep their token sealed instead of a link,
 * and the event's language for a mail sent before the directory knows the account.
 */
export type QueuedParams<K extends TemplateName> = Omit<TemplateParams[K], 'link'> &
  (TemplateParams[K] extends { link: string } ? SealedTokenParam & { language: Language } : unknown);

export interface SingleMail<K extends TemplateName = TemplateName> {
  /** One mail per key however often the source event is delivered: `<eventId>:<template>`. */
  dedupeKey: string;
  accountId: string;
  template: K;
  params: QueuedParams<K>;
  /** Only when the mail goes elsewhere than the directory's address. */
  toAddress?: string;
}
