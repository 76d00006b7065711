import { randomBytes, randomUUID } from 'node:crypto';
import { SealedSecretError, SecretSealer, sealingContext, UnsubscribeTokens } from '@sargs/platform/secrets';
import { appConfigSchema } from '../config/app-config';
import type { MailCategory, TemplateName } from '../templates/mail-template';
import type { ClaimedMail } from './claimed-mail';
import { MailComposer, NotSendable, type BroadcastContent } from './mail-composer';

const ORIGIN = 'https://app.sargs.example';
const key = (): string => randomBytes(32).toString('base64');

const config = appConfigSchema.parse({
  DATABASE_URL: 'postgres://u:p@localhost:5432/sargs_notifications',
  KAFKA_BROKERS: 'localhost:9092',
  INTERNAL_ASSERTION_PUBLIC_KEY: key(),
  PSEUDONYM_KEY: key(),
  SMTP_URL: 'smtp://localhost:1025',
  MAIL_FROM: 'Sargs <no-reply@mail.sargs.example>',
  // A trailing slash is trimmed by the schema: links must not get a double one.
  PUBLIC_ORIGIN: `${ORIGIN}/`,
  SECRET_SEALING_KEY: key(),
  UNSUBSCRIBE_TOKEN_KEY: key(),
});

const sealer = new SecretSealer(config.SECRET_SEALING_KEY);
const unsubscribeTokens = new UnsubscribeTokens(config.UNSUBSCRIBE_TOKEN_KEY);
const composer = new MailComposer(config, sealer, unsubscribeTokens);

type Recipient = NonNullable<ClaimedMail['recipient']>;

const recipient = (overrides: Partial<Recipient> = {}): Recipient => ({
  email: 'anna@example.test',
  name: 'Anna Bērziņa',
  language: 'lv',
  emailVerified: true,
  closed: false,
  marketingOptIn: true,
  ...overrides,
});

function mail(overrides: Partial<ClaimedMail> = {}): ClaimedMail {
  return {
    id: randomUUID(),
    accountId: randomUUID(),
    category: 'transactional',
    template: 'password-changed',
    params: { via: 'change', changedAt: '2026-11-25T14:30:00.000Z' },
    toAddress: null,
    broadcastId: null,
    attempts: 1,
    recipient: recipient(),
    ...overrides,
  };
}

const INCIDENT: BroadcastContent = { title: 'Incident 2026-11', message: { lv: 'Mēs atradām problēmu.', en: 'We found a problem.' } };
const POLICY: BroadcastContent = { version: '2026-11-25', publishedAt: '2026-11-25T00:00:00.000Z' };
const CAMPAIGN: BroadcastContent = { subject: { lv: 'Sargs jaunumi', en: 'Sargs news' }, body: { lv: 'Sveiki no komandas.', en: 'Hello from the team.' } };

/** One broadcast mail of each category but transactional, as the fan-out queues them (no params). */
const BROADCASTS: Record<Exclude<MailCategory, 'transactional'>, { template: TemplateName; content: BroadcastContent }> = {
  security: { template: 'security-incident', content: INCIDENT },
  service: { template: 'policy-changed', content: POLICY },
  marketing: { template: 'campaign', content: CAMPAIGN },
};

function broadcastMail(category: Exclude<MailCategory, 'transactional'>, overrides: Partial<ClaimedMail> = {}): [ClaimedMail, BroadcastContent] {
  const { template, content } = BROADCASTS[category];
  return [mail({ category, template, params: null, broadcastId: randomUUID(), ...overrides }), content];
}

/** A mail of `category` with everything else in order, so only the rule under test can refuse it. */
function mailOf(category: MailCategory, overrides: Partial<ClaimedMail> = {}): [ClaimedMail, BroadcastContent | undefined] {
  return category === 'transactional' ? [mail(overrides), undefined] : broadcastMail(category, overrides);
}

function refusal(compose: () => unknown): NotSendable {
  try {
    compose();
  } catch (err) {
    if (err instanceof NotSendable) return err;
    throw err;
  }
  throw new Error('the mail was composed, not refused');
}

const header = (message: ReturnType<MailComposer['compose']>, name: string): string | undefined => (message.headers as Record<string, string>)[name];

describe('MailComposer', () => {
  describe('R19 category rules at send time', () => {
    it.each(['transactional', 'security', 'service', 'marketing'] as const)('cancels %s mail to a closed account', (category) => {
      const [claimed, content] = mailOf(category, { recipient: recipient({ closed: true }) });
      const err = refusal(() => composer.compose(claimed, content));
      expect(err).toMatchObject({ outcome: 'cancel', code: 'closed' });
    });

    it('cancels closed before anything else, even mail to a given address', () => {
      const claimed = mail({ toAddress: 'new@example.test', recipient: recipient({ closed: true, email: null }) });
      expect(refusal(() => composer.compose(claimed, undefined))).toMatchObject({ outcome: 'cancel', code: 'closed' });
    });

    it.each(['transactional', 'security', 'service', 'marketing'] as const)('sends %s mail to an open, verified, opted-in account', (category) => {
      const [claimed, content] = mailOf(category);
      expect(composer.compose(claimed, content).to).toEqual({ name: 'Anna Bērziņa', address: 'anna@example.test' });
    });

    it('cancels marketing without an opt-in, or to an account the directory does not know', () => {
      for (const who of [recipient({ marketingOptIn: false }), null]) {
        const [claimed, content] = broadcastMail('marketing', { recipient: who });
        expect(refusal(() => composer.compose(claimed, content))).toMatchObject({ outcome: 'cancel', code: 'no-consent' });
      }
    });

    it.each(['security', 'service'] as const)('sends %s mail without a marketing opt-in', (category) => {
      const [claimed, content] = broadcastMail(category, { recipient: recipient({ marketingOptIn: false }) });
      expect(composer.compose(claimed, content).to).toEqual({ name: 'Anna Bērziņa', address: 'anna@example.test' });
    });

    it.each(['security', 'service', 'marketing'] as const)('cancels a %s broadcast to an unverified address', (category) => {
      const [claimed, content] = broadcastMail(category, { recipient: recipient({ emailVerified: false }) });
      expect(refusal(() => composer.compose(claimed, content))).toMatchObject({ outcome: 'cancel', code: 'unverified' });
    });

    it('sends single transactional mail to an unverified address', () => {
      const message = composer.compose(mail({ recipient: recipient({ emailVerified: false }) }), undefined);
      expect(message.to).toEqual({ name: 'Anna Bērziņa', address: 'anna@example.test' });
    });

    it('defers a mail with no address to send to', () => {
      for (const who of [recipient({ email: null }), null]) {
        const err = refusal(() => composer.compose(mail({ recipient: who }), undefined));
        expect(err).toMatchObject({ outcome: 'defer', code: 'no-recipient' });
      }
    });
  });

  describe('token links', () => {
    // Like identity's tokens, but with characters a URL must encode.
    const TOKEN = 'tok+en/with=odd&chars';

    function verifyMail(accountId: string, sealedFor = accountId): ClaimedMail {
      const sealed = sealer.seal(TOKEN, sealingContext('EmailVerificationRequested', sealedFor));
      return mail({
        accountId,
        template: 'verify-email',
        params: { token: sealed, sealedFor: 'EmailVerificationRequested', expiresAt: '2026-11-26T14:30:00.000Z', language: 'en' },
        toAddress: 'anna@example.test',
        recipient: null,
      });
    }

    it('renders the verification link with the opened token, URL-encoded, and never the sealed token', () => {
      const accountId = randomUUID();
      const claimed = verifyMail(accountId);
      const sealed = claimed.params?.token as { iv: string; ciphertext: string; tag: string };
      const message = composer.compose(claimed, undefined);

      const link = `${ORIGIN}/verify-email?token=${encodeURIComponent(TOKEN)}`;
      expect(link).toBe(`${ORIGIN}/verify-email?token=tok%2Ben%2Fwith%3Dodd%26chars`);
      expect(message.text).toContain(link);
      expect(message.html).toContain(`href="${link}"`);
      const whole = JSON.stringify(message);
      for (const part of [sealed.ciphertext, sealed.iv, sealed.tag, 'EmailVerificationRequested', 'sealedFor']) expect(whole).not.toContain(part);
      // Only the encoded form: the raw token would be a different (broken) link.
      expect(whole).not.toContain(TOKEN);
    });

    it('fails, rather than cancels, a token sealed for another account', () => {
      const claimed = verifyMail(randomUUID(), randomUUID());
      expect(() => composer.compose(claimed, undefined)).toThrow(SealedSecretError);
      expect(() => composer.compose(claimed, undefined)).not.toThrow(NotSendable);
    });

    it('fails a token sealed for another event type', () => {
      const accountId = randomUUID();
      const claimed = verifyMail(accountId);
      claimed.params = { ...claimed.params, sealedFor: 'PasswordResetRequested' };
      expect(() => composer.compose(claimed, undefined)).toThrow(SealedSecretError);
    });

    /** An invitation: sealed for the organisation (the event's subject), mailed under the invitation's id to an address without an account. */
    function invitationMail(orgId: string, sealedSubject = orgId): ClaimedMail {
      const sealed = sealer.seal(TOKEN, sealingContext('OrganizationInvitationIssued', orgId));
      return mail({
        accountId: randomUUID(),
        template: 'org-invitation',
        params: { token: sealed, sealedFor: 'OrganizationInvitationIssued', sealedSubject, expiresAt: '2026-12-02T10:00:00.000Z', language: 'lv', organizationName: 'SIA Kociņi', role: 'member' },
        toAddress: 'new.person@example.test',
        recipient: null,
      });
    }

    it("opens an invitation's token with the organisation it was sealed for, links /org-invitation, in the inviter's language", () => {
      const message = composer.compose(invitationMail(randomUUID()), undefined);
      const link = `${ORIGIN}/org-invitation?token=${encodeURIComponent(TOKEN)}`;
      expect(message.to).toBe('new.person@example.test');
      expect(message.text).toContain(link);
      expect(message.subject).toBe('Uzaicinājums pievienoties organizācijai SIA Kociņi pakalpojumā Sargs');
      for (const part of ['sealedSubject', 'OrganizationInvitationIssued']) expect(JSON.stringify(message)).not.toContain(part);
    });

    it('fails an invitation whose token was sealed for another organisation', () => {
      expect(() => composer.compose(invitationMail(randomUUID(), randomUUID()), undefined)).toThrow(SealedSecretError);
    });
  });

  describe('headers', () => {
    it('gives marketing a one-click List-Unsubscribe whose token names the account and purpose', () => {
      const [claimed, content] = broadcastMail('marketing');
      const message = composer.compose(claimed, content);

      const listUnsubscribe = header(message, 'List-Unsubscribe');
      const match = /^<(https:\/\/app\.sargs\.example\/api\/v1\/unsubscribe\?token=([^>]+))>$/.exec(listUnsubscribe ?? '');
      expect(match).not.toBeNull();
      const [, url, encodedToken] = match as RegExpExecArray;
      const token = decodeURIComponent(encodedToken);
      expect(listUnsubscribe).toBe(`<${ORIGIN}/api/v1/unsubscribe?token=${encodeURIComponent(token)}>`);
      expect(new URL(url).searchParams.get('token')).toBe(token);
      expect(header(message, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(unsubscribeTokens.verify(token)).toEqual({ accountId: claimed.accountId, purpose: 'marketing-email' });
      // Only consent can read whose link it is: the mail, forwarded or archived, does not say.
      expect(JSON.stringify(message)).not.toContain(claimed.accountId);
      expect(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('latin1')).not.toContain(claimed.accountId);
      expect(header(message, 'Auto-Submitted')).toBeUndefined();
      // The footer links the web page with the same token; the API's URL is for mail clients only.
      expect(message.text).toContain(`${ORIGIN}/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(message.html).toContain(`href="${ORIGIN}/unsubscribe?token=${encodeURIComponent(token)}"`);
      expect(message.text).not.toContain(url);
    });

    it.each(['transactional', 'security', 'service'] as const)('marks %s mail auto-generated, with no List-Unsubscribe', (category) => {
      const [claimed, content] = mailOf(category);
      const message = composer.compose(claimed, content);
      expect(header(message, 'List-Unsubscribe')).toBeUndefined();
      expect(header(message, 'List-Unsubscribe-Post')).toBeUndefined();
      expect(header(message, 'Auto-Submitted')).toBe('auto-generated');
      expect(JSON.stringify(message)).not.toContain('/unsubscribe');
    });

    it('names the category and template', () => {
      const [claimed, content] = broadcastMail('security');
      const message = composer.compose(claimed, content);
      expect(header(message, 'X-Sargs-Category')).toBe('security');
      expect(header(message, 'X-Sargs-Template')).toBe('security-incident');
    });

    it("uses the mail id at MAIL_FROM's domain as the Message-ID, the same on every attempt", () => {
      const claimed = mail();
      const first = composer.compose(claimed, undefined);
      const retry = composer.compose({ ...claimed, attempts: 2 }, undefined);
      expect(first.messageId).toBe(`<${claimed.id}@mail.sargs.example>`);
      expect(retry.messageId).toBe(first.messageId);
      expect(first.from).toBe('Sargs <no-reply@mail.sargs.example>');
    });

    it('takes the domain of a bare MAIL_FROM address too', () => {
      const bare = new MailComposer({ ...config, MAIL_FROM: 'noreply@bare.example' }, sealer, unsubscribeTokens);
      const claimed = mail();
      expect(bare.compose(claimed, undefined).messageId).toBe(`<${claimed.id}@bare.example>`);
    });
  });

  describe('recipient', () => {
    it("puts the directory's name as the display name", () => {
      expect(composer.compose(mail(), undefined).to).toEqual({ name: 'Anna Bērziņa', address: 'anna@example.test' });
    });

    it('sends to the bare address when the directory has no name', () => {
      expect(composer.compose(mail({ recipient: recipient({ name: null }) }), undefined).to).toBe('anna@example.test');
      expect(composer.compose(mail({ toAddress: 'new@example.test', recipient: null }), undefined).to).toBe('new@example.test');
    });

    it("sends a mail for a given address there, not to the directory's", () => {
      const message = composer.compose(mail({ toAddress: 'new@example.test' }), undefined);
      expect(message.to).toEqual({ name: 'Anna Bērziņa', address: 'new@example.test' });
    });

    it('never puts the address in the body', () => {
      const message = composer.compose(mail(), undefined);
      expect(`${message.text as string}${message.html as string}`).not.toContain('anna@example.test');
    });
  });

  describe('language', () => {
    const languageOf = (message: ReturnType<MailComposer['compose']>): string | undefined => /<html lang="(\w+)">/.exec(message.html as string)?.[1];

    it("writes in the directory's language when the recipient is known, whatever the event said", () => {
      const params = { via: 'change', changedAt: '2026-11-25T14:30:00.000Z', language: 'en' };
      expect(languageOf(composer.compose(mail({ params, recipient: recipient({ language: 'lv' }) }), undefined))).toBe('lv');
      expect(languageOf(composer.compose(mail({ params: { ...params, language: 'lv' }, recipient: recipient({ language: 'en' }) }), undefined))).toBe('en');
    });

    it("falls back to the event's language when the recipient is unknown", () => {
      for (const language of ['lv', 'en']) {
        const claimed = mail({ params: { via: 'change', changedAt: '2026-11-25T14:30:00.000Z', language }, toAddress: 'new@example.test', recipient: null });
        expect(languageOf(composer.compose(claimed, undefined))).toBe(language);
      }
    });

    it("falls back to 'en' when neither knows a supported language", () => {
      for (const language of [undefined, 'de', 42]) {
        const claimed = mail({ params: { via: 'change', changedAt: '2026-11-25T14:30:00.000Z', language }, toAddress: 'new@example.test', recipient: null });
        expect(languageOf(composer.compose(claimed, undefined))).toBe('en');
      }
    });

    it('renders a broadcast in the reader\'s language', () => {
      const [claimed, content] = broadcastMail('marketing', { recipient: recipient({ language: 'en' }) });
      const message = composer.compose(claimed, content);
      expect(message.subject).toBe('Sargs news');
      expect(message.text).toContain('Hello from the team.');
    });
  });
});
