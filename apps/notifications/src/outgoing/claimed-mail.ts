import type { Language } from '@sargs/contracts';
import type { MailCategory, TemplateName } from '../templates/mail-template';

/** A queue row a sender has claimed, with what rendering it needs from the directory. */
export interface ClaimedMail {
  id: string;
  accountId: string;
  category: MailCategory;
  template: TemplateName;
  params: Record<string, unknown> | null;
  toAddress: string | null;
  broadcastId: string | null;
  attempts: number;
  recipient: {
    email: string | null;
    name: string | null;
    language: Language;
    emailVerified: boolean;
    closed: boolean;
    marketingOptIn: boolean;
  } | null;
}
