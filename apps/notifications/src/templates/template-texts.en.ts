import type { RoleName } from '@sargs/contracts';
import { linkBlock, textBlock } from './mail-content';
import { PRODUCT_NAME } from './mail-template';
import type { TemplateTexts } from './template-texts';
import { formatUtcDateTime } from './utc-date-time';

const P = PRODUCT_NAME;

const ROLE_LABELS: Record<RoleName, string> = { user: 'user', support: 'support', dpo: 'data protection officer (DPO)', admin: 'administrator' };

export const ENGLISH_TEXTS: TemplateTexts = {
  greeting: (name) => (name === null ? 'Hello,' : `Hello ${name},`),
  signature: `The ${P} team`,
  categoryNotice: {
    transactional: `You are receiving this e-mail because it concerns your ${P} account.`,
    security: `This is a security notice about ${P}. Security notices go to every affected account and cannot be refused.`,
    service:
      `This is a service notice about ${P} and its privacy policy. Such notices go to every account and cannot be refused; ` +
      'the only way to stop them is to close your account.',
    marketing: `You are receiving this e-mail because you agreed to receive news from ${P}.`,
  },
  unsubscribeLead: 'Unsubscribe with one click, no login needed:',
  unsubscribeLabel: 'Unsubscribe',
  webAppLead: `${P}:`,
  templates: {
    'verify-email': ({ link, expiresAt }) => ({
      subject: 'Confirm your e-mail address',
      blocks: [
        linkBlock(`To confirm this e-mail address for your ${P} account, open this link:`, link),
        textBlock(`The link expires at ${formatUtcDateTime(expiresAt)}.`),
        textBlock('If you did not ask for this, you can safely ignore this e-mail.'),
      ],
    }),
    'password-reset': ({ link, expiresAt }) => ({
      subject: `Reset your ${P} password`,
      blocks: [
        linkBlock(`We received a request to reset the password of your ${P} account. To choose a new password, open this link:`, link),
        textBlock(`The link works once and expires at ${formatUtcDateTime(expiresAt)}. Setting a new password signs out all your sessions.`),
        textBlock('If you did not ask to reset your password, ignore this e-mail: your password stays as it is.'),
      ],
    }),
    'email-change-confirm': ({ link, expiresAt }) => ({
      subject: 'Confirm your new e-mail address',
      blocks: [
        linkBlock(`This address was given as the new e-mail address of a ${P} account. To confirm the change, open this link while signed in to that account:`, link),
        textBlock(`The link expires at ${formatUtcDateTime(expiresAt)}.`),
        textBlock('If you did not ask for this, ignore this e-mail: nothing will change.'),
      ],
    }),
    'email-change-notice': (_params, links) => ({
      subject: 'Your e-mail address change was requested',
      blocks: [
        textBlock(`Someone asked to change the e-mail address of your ${P} account. The address changes only once the new address confirms it.`),
        textBlock('If this was you, there is nothing more to do.'),
        linkBlock('If it was not you, someone may know your password: change it at once here:', links.resetPassword),
      ],
    }),
    'email-changed': ({ changedAt }, links) => ({
      subject: `Your ${P} account now uses another e-mail address`,
      blocks: [
        textBlock(`On ${formatUtcDateTime(changedAt)} the e-mail address of your ${P} account was changed from this one to a new address, confirmed from that address. Every other signed-in session was ended.`),
        textBlock('If this was you, there is nothing more to do.'),
        linkBlock(`If it was not you, someone has your password: contact ${P} support at once through a privacy request (sign in with your password if you still can):`, links.privacyRequests),
      ],
    }),
    'registration-attempt': (_params, links) => ({
      subject: `Someone tried to create a ${P} account with your address`,
      blocks: [
        textBlock(`Someone tried to create a new ${P} account with this e-mail address. You already have an account, so no new one was created and you do not need to do anything.`),
        linkBlock('If you have forgotten your password, you can set a new one here:', links.resetPassword),
      ],
    }),
    'password-changed': ({ via, changedAt }, links) => ({
      subject: `Your ${P} password was changed`,
      blocks: [
        textBlock(
          via === 'reset'
            ? `The password of your ${P} account was reset on ${formatUtcDateTime(changedAt)} with a password reset link.`
            : `The password of your ${P} account was changed on ${formatUtcDateTime(changedAt)} from your account page.`,
        ),
        textBlock('If this was you, there is nothing more to do.'),
        linkBlock(`If it was not you, reset your password at once and then contact ${P} support:`, links.resetPassword),
      ],
    }),
    'suspicious-login': ({ failedAttempts, detectedAt }, links) => ({
      subject: `Failed sign-in attempts on your ${P} account`,
      blocks: [
        textBlock(`${failedAttempts} sign-in attempts with a wrong password were made on your ${P} account, the last on ${formatUtcDateTime(detectedAt)}. Whoever made them must now wait longer before each further try; your own devices can still sign in.`),
        textBlock('If this was you on that device, wait a little and try again.'),
        linkBlock('If it was not you, your password may be known to someone else: choose a new one here:', links.resetPassword),
      ],
    }),
    'roles-changed': ({ staffRoles, changedAt }, links) => ({
      subject: `Your ${P} staff roles were changed`,
      blocks: [
        textBlock(
          `An administrator changed the staff roles of your ${P} account on ${formatUtcDateTime(changedAt)}. ` +
            (staffRoles.length === 0 ? 'You now hold no staff role.' : `You now hold: ${staffRoles.map((role) => ROLE_LABELS[role]).join(', ')}.`),
        ),
        textBlock('All your sessions were signed out: sign in again for the change to take effect.'),
        linkBlock('If you did not expect this change, contact the data protection officer (DPO) at once; the privacy policy says how:', links.privacyPolicy),
      ],
    }),
    'second-factor-changed': ({ method, change, remainingRecoveryCodes, changedAt }, links) => {
      const what = { totp: 'An authenticator app', passkey: 'A passkey', 'recovery-code': 'A recovery code' }[method];
      const done = { added: 'was added to', removed: 'was removed from', used: 'was used to sign in to' }[change];
      return {
        subject: change === 'used' ? `A recovery code was used for your ${P} account` : `The second factor of your ${P} account was changed`,
        blocks: [
          textBlock(`${what} ${done} your ${P} account on ${formatUtcDateTime(changedAt)}.`),
          ...(remainingRecoveryCodes === undefined ? [] : [textBlock(`${remainingRecoveryCodes} unused recovery codes are left.`)]),
          linkBlock('If this was not you, change your password at once and check your sign-in methods here:', links.accountSecurity),
        ],
      };
    },
    'security-incident': ({ title, message }) => ({
      subject: title.trim() === '' ? 'Security notice' : `Security notice: ${title}`,
      blocks: [textBlock(message)],
    }),
    'policy-changed': ({ version, publishedAt }, links) => ({
      subject: 'Our privacy policy has changed',
      blocks: [
        textBlock(`Version ${version} of the ${P} privacy policy has been in force since ${formatUtcDateTime(publishedAt)}.`),
        linkBlock('You can read it here:', links.privacyPolicy),
        textBlock(`This is a service notice that we send to every ${P} account.`),
      ],
    }),
    campaign: ({ subject, body }) => ({ subject, blocks: [textBlock(body)] }),
    'privacy-request-answered': ({ status }, links) => ({
      subject: status === 'rejected' ? 'Your privacy request was rejected' : 'Your privacy request was answered',
      blocks: [
        textBlock(
          status === 'rejected'
            ? `We have looked at the privacy request you made to ${P} and rejected it. The reasons are on your account page.`
            : `We have answered the privacy request you made to ${P}.`,
        ),
        linkBlock('Sign in and read the answer on your account page:', links.privacyRequests),
        textBlock('For your privacy, the answer itself is not sent by e-mail.'),
      ],
    }),
    'org-invitation': ({ link, organizationName, role, expiresAt }) => ({
      subject: `Invitation to join ${organizationName} on ${P}`,
      blocks: [
        linkBlock(
          `You have been invited to join ${organizationName} on ${P} with the ${role === 'admin' ? 'administrator' : 'member'} role. To accept, open this link while signed in to a ${P} account with this e-mail address (or create one with it first):`,
          link,
        ),
        textBlock(`The link works once and expires at ${formatUtcDateTime(expiresAt)}.`),
        textBlock('If you do not know this organisation or did not expect an invitation, ignore this e-mail: nothing happens unless you accept.'),
      ],
      footerNotice: `You are receiving this e-mail because an owner or administrator of ${organizationName} invited this address on ${P}. Nothing more is sent about it unless you accept.`,
    }),
    'subprocessor-change': ({ change, name, purpose, location, effectiveAt }, links) => ({
      subject: change === 'added' ? `${P} adds a sub-processor: ${name}` : `${P} stops using a sub-processor: ${name}`,
      blocks: [
        textBlock(
          change === 'added'
            ? `From ${formatUtcDateTime(effectiveAt)} ${P} will use a new sub-processor to process the data of the organisations you own: ${name} (${location}), for: ${purpose}.`
            : `From ${formatUtcDateTime(effectiveAt)} ${P} will no longer use the sub-processor ${name} (${location}), which it used for: ${purpose}.`,
        ),
        textBlock(`Under the data processing agreement, ${P} tells the owners of every organisation of each change of sub-processor before it takes effect (GDPR Art. 28(2)).`),
        ...(change === 'added' ? [linkBlock('If you object to this change, tell us before that date with a privacy request:', links.privacyRequests)] : []),
      ],
      footerNotice: `This is a service notice to the owners of organisations that use ${P}. It cannot be refused while you own an organisation.`,
    }),
  },
};
