import type { Language, RoleName, SECOND_FACTOR_CHANGES, SECOND_FACTOR_METHODS } from '@sargs/contracts';

/** R19: only marketing can be refused; after closure nothing is sent at all. */
export const MAIL_CATEGORIES = ['transactional', 'security', 'service', 'marketing'] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

/** What each template needs to render; nothing more personal than that (no address in any body). */
export interface TemplateParams {
  /** Address verification after sign-up or a resend. */
  'verify-email': { link: string; expiresAt: string };
  'password-reset': { link: string; expiresAt: string };
  /** To the new address: the link that confirms it. */
  'email-change-confirm': { link: string; expiresAt: string };
  /** To the current address: someone asked to move the account elsewhere. */
  'email-change-notice': Record<string, never>;
  /** To the old address, once the new one confirmed: the account has moved. */
  'email-changed': { changedAt: string };
  /** "Someone tried to register with your address" (R16). */
  'registration-attempt': Record<string, never>;
  'password-changed': { via: 'change' | 'reset'; changedAt: string };
  /** Suspicious activity: repeated failed sign-ins locked the account's login for a while. */
  'suspicious-login': { failedAttempts: number; detectedAt: string };
  /** An admin changed the account's staff roles; `staffRoles` are the ones it holds now (maybe none). */
  'roles-changed': { staffRoles: RoleName[]; changedAt: string };
  /** An authenticator app or passkey was added or removed, or a recovery code was used (how many are left). */
  'second-factor-changed': {
    method: (typeof SECOND_FACTOR_METHODS)[number];
    change: (typeof SECOND_FACTOR_CHANGES)[number];
    remainingRecoveryCodes?: number;
    changedAt: string;
  };
  /** Staff-written security notice (R17): title as given, message in the reader's language. */
  'security-incident': { title: string; message: string };
  /** A new privacy policy version is in force (R25). */
  'policy-changed': { version: string; publishedAt: string };
  /** Staff-written marketing mail (R18). */
  campaign: { subject: string; body: string };
  /** Staff closed the person's privacy request (R12); the answer itself is read on the account page, never mailed. */
  'privacy-request-answered': { status: 'answered' | 'rejected' };
  /** An owner or admin invited this address into an organisation (it may have no account yet). */
  'org-invitation': { link: string; organizationName: string; role: 'admin' | 'member'; expiresAt: string };
  /** To each owner of an organisation: a sub-processor is added or removed from `effectiveAt` (GDPR Art. 28(2)). */
  'subprocessor-change': { change: 'added' | 'removed'; name: string; purpose: string; location: string; effectiveAt: string };
}
export type TemplateName = keyof TemplateParams;

export const TEMPLATE_CATEGORY: { [K in TemplateName]: MailCategory } = {
  'verify-email': 'transactional',
  'password-reset': 'transactional',
  'email-change-confirm': 'transactional',
  'email-change-notice': 'transactional',
  'email-changed': 'security',
  'registration-attempt': 'transactional',
  'password-changed': 'transactional',
  'suspicious-login': 'security',
  'roles-changed': 'security',
  'second-factor-changed': 'security',
  'security-incident': 'security',
  'policy-changed': 'service',
  campaign: 'marketing',
  'privacy-request-answered': 'transactional',
  'org-invitation': 'transactional',
  'subprocessor-change': 'service',
};

export interface RenderContext {
  language: Language;
  /** The greeting's name; null when the directory has none (a mail to a new address). */
  recipientName: string | null;
  /** The web app's origin, for the links back to it. */
  publicOrigin: string;
  /** Marketing only: the one-click unsubscribe URL, also shown in the footer. */
  unsubscribeUrl?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const PRODUCT_NAME = 'Sargs';
