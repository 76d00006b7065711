import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Language } from '@sargs/contracts';
import { TEMPLATE_CATEGORY, type TemplateName, type TemplateParams } from '../templates/mail-template';

/** A token sealed by identity, opened only when the mail is rendered (docs/architecture.md, "Events and topics"). */
export interface SealedTokenParam {
  token: unknown;
  /** The event type it was sealed for: part of the sealing context. */
  sealedFor: string;
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

/** The outgoing queue's writes; the sender (MailSender) reads it. */
@Injectable()
export class MailQueue {
  /** Queues a mail in the caller's transaction; a second call with the same key does nothing. */
  async enqueue<K extends TemplateName>(manager: EntityManager, mail: SingleMail<K>): Promise<void> {
    await manager.query(
      `INSERT INTO outgoing_mail (id, dedupe_key, account_id, category, template, params, to_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING`,
      [randomUUID(), mail.dedupeKey, mail.accountId, TEMPLATE_CATEGORY[mail.template], mail.template, JSON.stringify(mail.params), mail.toAddress ?? null],
    );
  }

  /** Cancels what is still waiting for a person whose account is being closed. */
  async cancelForClosure(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query(
      `UPDATE outgoing_mail SET status = 'cancelled', last_error = 'closed', finished_at = now() WHERE account_id = $1 AND status = 'pending'`,
      [accountId],
    );
  }
}
