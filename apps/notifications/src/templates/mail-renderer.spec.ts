import { LANGUAGES, type Language } from '@sargs/contracts';
import { escapeHtml, plainTextToHtmlParagraphs } from './html-escape';
import { renderMail } from './mail-renderer';
import { PRODUCT_NAME, TEMPLATE_CATEGORY, type RenderContext, type TemplateName, type TemplateParams } from './mail-template';
import { formatUtcDateTime } from './utc-date-time';

const ORIGIN = 'https://app.sargs.example';
const UNSUBSCRIBE = 'https://app.sargs.example/api/unsubscribe/tok-UNSUB-123';
const VERIFY_LINK = `${ORIGIN}/verify-email?token=tok-VERIFY-abc`;
const RESET_LINK = `${ORIGIN}/reset-password?token=tok-RESET-def`;
const CHANGE_LINK = `${ORIGIN}/confirm-email?token=tok-CHANGE-ghi`;
const INVITATION_LINK = `${ORIGIN}/org-invitation?token=tok-INVITE-jkl`;

const SAMPLE_PARAMS: TemplateParams = {
  'verify-email': { link: VERIFY_LINK, expiresAt: '2026-11-25T14:30:59.000Z' },
  'password-reset': { link: RESET_LINK, expiresAt: '2026-11-25T15:00:00.000Z' },
  'email-change-confirm': { link: CHANGE_LINK, expiresAt: '2026-11-26T09:05:00.000Z' },
  'email-change-notice': {},
  'email-changed': { changedAt: '2026-11-25T14:30:00.000Z' },
  'registration-attempt': {},
  'password-changed': { via: 'reset', changedAt: '2026-11-25T14:30:00.000Z' },
  'suspicious-login': { failedAttempts: 6, detectedAt: '2026-11-25T14:30:00.000Z' },
  'roles-changed': { staffRoles: ['dpo'], changedAt: '2026-11-25T14:30:00.000Z' },
  'second-factor-changed': { method: 'totp', change: 'added', changedAt: '2026-11-25T14:30:00.000Z' },
  'security-incident': { title: 'Incident 2026-11', message: 'We found a problem.\n\nPlease change your password.' },
  'policy-changed': { version: '2026-11-25', publishedAt: '2026-11-25T00:00:00.000Z' },
  campaign: { subject: 'Sargs news', body: 'Hello from the team.\nLine two.\n\nSecond paragraph.' },
  'privacy-request-answered': { status: 'answered' },
  'org-invitation': { link: INVITATION_LINK, organizationName: 'SIA Kociņi', role: 'admin', expiresAt: '2026-12-02T10:00:00.000Z' },
  'subprocessor-change': { change: 'added', name: 'Mailer Oy', purpose: 'e-mail delivery', location: 'Finland (EU)', effectiveAt: '2027-01-01T00:00:00.000Z' },
};
const TEMPLATES = Object.keys(SAMPLE_PARAMS) as TemplateName[];

function context(language: Language, overrides: Partial<RenderContext> = {}): RenderContext {
  return { language, recipientName: 'Anna Bērziņa', publicOrigin: ORIGIN, unsubscribeUrl: UNSUBSCRIBE, ...overrides };
}

function render<K extends TemplateName>(template: K, language: Language, overrides: Partial<RenderContext> = {}, params: TemplateParams[K] = SAMPLE_PARAMS[template]) {
  return renderMail(template, params, context(language, overrides));
}

describe('renderMail', () => {
  describe.each(TEMPLATES)('%s', (template) => {
    it.each(LANGUAGES)('renders a complete mail in %s', (language) => {
      const mail = render(template, language);
      expect(mail.subject.trim()).not.toBe('');
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.text.trim()).not.toBe('');
      expect(mail.html).toMatch(/^<!doctype html>\n<html lang="(lv|en)">/);
      expect(mail.html).toContain(`<html lang="${language}">`);
      expect(mail.html).toContain('<meta charset="utf-8">');
      expect(mail.html).not.toMatch(/<(script|img|link|iframe|table)\b/i);
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain(PRODUCT_NAME);
        expect(part).toContain(`${ORIGIN}/`);
      }
      expect(mail.html).toContain(`href="${ORIGIN}/"`);
    });

    it('never shows an e-mail address', () => {
      for (const language of LANGUAGES) {
        const mail = render(template, language);
        expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
      }
    });

    it('puts the name in the greeting, or a generic greeting without one', () => {
      expect(render(template, 'lv').text).toMatch(/^Labdien, Anna Bērziņa!\n/);
      expect(render(template, 'en').text).toMatch(/^Hello Anna Bērziņa,\n/);
      expect(render(template, 'lv', { recipientName: null }).text).toMatch(/^Labdien!\n/);
      expect(render(template, 'en', { recipientName: null }).text).toMatch(/^Hello,\n/);
      expect(render(template, 'en', { recipientName: '  \n ' }).text).toMatch(/^Hello,\n/);
      expect(render(template, 'lv', { recipientName: null }).html).toContain('>Labdien!</p>');
    });

    it('shows the unsubscribe URL only in marketing mail', () => {
      for (const language of LANGUAGES) {
        const mail = render(template, language);
        const marketing = TEMPLATE_CATEGORY[template] === 'marketing';
        expect(mail.text.includes(UNSUBSCRIBE)).toBe(marketing);
        expect(mail.html.includes(UNSUBSCRIBE)).toBe(marketing);
      }
    });
  });

  // A campaign's subject is the staff's own, already in the reader's language.
  it.each(TEMPLATES.filter((template) => template !== 'campaign'))('%s has a Latvian subject different from the English one', (template) => {
    expect(render(template, 'lv').subject).not.toBe(render(template, 'en').subject);
  });

  it('uses real Latvian', () => {
    expect(render('verify-email', 'lv').subject).toBe('Apstipriniet savu e-pasta adresi');
    expect(render('verify-email', 'en').subject).toBe('Confirm your e-mail address');
    expect(render('policy-changed', 'lv').subject).toBe('Mūsu privātuma politika ir mainīta');
    expect(render('policy-changed', 'en').subject).toBe('Our privacy policy has changed');
  });

  it('escapes the name in HTML', () => {
    const mail = render('verify-email', 'en', { recipientName: '<b>Eve</b> & "Co"' });
    expect(mail.html).toContain('Hello &lt;b&gt;Eve&lt;/b&gt; &amp; &quot;Co&quot;,');
    expect(mail.html).not.toContain('<b>Eve</b>');
    expect(mail.text).toContain('Hello <b>Eve</b> & "Co",');
  });

  it('keeps the name on one line', () => {
    expect(render('verify-email', 'lv', { recipientName: 'Anna\r\nBcc: x' }).text).toMatch(/^Labdien, Anna Bcc: x!\n/);
  });

  describe('token links', () => {
    it.each([
      ['verify-email', VERIFY_LINK],
      ['password-reset', RESET_LINK],
      ['email-change-confirm', CHANGE_LINK],
      ['org-invitation', INVITATION_LINK],
    ] as const)('%s shows its link in full in text and html, and says when it expires', (template, link) => {
      for (const language of LANGUAGES) {
        const mail = render(template, language);
        expect(mail.text).toContain(`\n${link}\n`);
        expect(mail.html).toContain(`<a href="${link}" style="`);
        expect(mail.html).toContain(`">${link}</a>`);
        const expiry = formatUtcDateTime(SAMPLE_PARAMS[template].expiresAt);
        expect(mail.text).toContain(expiry);
        expect(mail.html).toContain(expiry);
      }
      expect(render(template, 'en').text).toMatch(/expires at/);
      expect(render(template, 'en').text).toMatch(/ignore this e-mail/);
      expect(render(template, 'lv').text).toMatch(/derīga līdz/);
      expect(render(template, 'lv').text).toMatch(/varat (droši )?ignorēt/);
    });

    it('escapes a link in the href and refuses a non-web URL', () => {
      const link = `${ORIGIN}/verify-email?token=a&lang="x"`;
      const mail = render('verify-email', 'en', {}, { link, expiresAt: '2026-11-25T14:30:00Z' });
      expect(mail.html).toContain(`href="${escapeHtml(link)}"`);
      expect(mail.text).toContain(link);
      expect(() => render('verify-email', 'en', {}, { link: 'javascript:alert(1)', expiresAt: '2026-11-25T14:30:00Z' })).toThrow(/non-http/);
    });

    it('refuses an invalid expiry', () => {
      expect(() => render('password-reset', 'en', {}, { link: RESET_LINK, expiresAt: 'soon' })).toThrow(/date-time/);
    });
  });

  it.each(['email-change-notice', 'registration-attempt', 'password-changed'] as const)('%s points to the password reset page', (template) => {
    for (const language of LANGUAGES) {
      const mail = render(template, language);
      expect(mail.text).toContain(`\n${ORIGIN}/reset-password\n`);
      expect(mail.html).toContain(`href="${ORIGIN}/reset-password"`);
    }
  });

  it('password-changed says how and when, both ways', () => {
    const reset = render('password-changed', 'en');
    const change = render('password-changed', 'en', {}, { via: 'change', changedAt: '2026-11-25T14:30:00Z' });
    expect(reset.text).toContain('2026-11-25 14:30 UTC');
    expect(reset.text).toMatch(/reset/);
    expect(change.text).toMatch(/changed on 2026-11-25 14:30 UTC from your account page/);
    expect(render('password-changed', 'lv', {}, { via: 'change', changedAt: '2026-11-25T14:30:00Z' }).text).toContain('nomainīta jūsu konta lapā (2026-11-25 14:30 UTC)');
  });

  it('second-factor-changed says what changed and when, how many recovery codes are left, and links the security page', () => {
    const added = render('second-factor-changed', 'en');
    expect(added.subject).toBe('The second factor of your Sargs account was changed');
    expect(added.text).toContain('An authenticator app was added to your Sargs account on 2026-11-25 14:30 UTC.');
    const used = render('second-factor-changed', 'en', {}, { method: 'recovery-code', change: 'used', remainingRecoveryCodes: 7, changedAt: '2026-11-25T14:30:00Z' });
    expect(used.subject).toBe('A recovery code was used for your Sargs account');
    expect(used.text).toContain('7 unused recovery codes are left.');
    const lv = render('second-factor-changed', 'lv', {}, { method: 'totp', change: 'removed', changedAt: '2026-11-25T14:30:00Z' });
    expect(lv.subject).toBe('Mainīts jūsu Sargs konta otrais faktors');
    expect(lv.text).toContain('Autentifikācijas lietotne noņemta no jūsu Sargs kontā (2026-11-25 14:30 UTC).');
    for (const language of LANGUAGES) {
      const mail = render('second-factor-changed', language);
      expect(mail.text).toContain(`\n${ORIGIN}/account/security\n`);
      expect(mail.text).toMatch(/cannot be refused|nevar atteikties/);
    }
  });

  it('roles-changed names the roles held now (or none), when, and points to the DPO through the privacy policy', () => {
    const en = render('roles-changed', 'en', {}, { staffRoles: ['dpo', 'admin'], changedAt: '2026-11-25T14:30:00Z' });
    expect(en.subject).toBe('Your Sargs staff roles were changed');
    expect(en.text).toContain('on 2026-11-25 14:30 UTC. You now hold: data protection officer (DPO), administrator.');
    expect(en.text).toMatch(/contact the data protection officer/);
    expect(render('roles-changed', 'en', {}, { staffRoles: [], changedAt: '2026-11-25T14:30:00Z' }).text).toContain('You now hold no staff role.');
    const lv = render('roles-changed', 'lv');
    expect(lv.subject).toBe('Mainītas jūsu Sargs darbinieka lomas');
    expect(lv.text).toContain('Tagad jūsu lomas: datu aizsardzības speciālists (DPO).');
    expect(render('roles-changed', 'lv', {}, { staffRoles: [], changedAt: '2026-11-25T14:30:00Z' }).text).toContain('Tagad jums nav nevienas darbinieka lomas.');
    for (const language of LANGUAGES) {
      const mail = render('roles-changed', language);
      expect(mail.text).toContain(`\n${ORIGIN}/privacy-policy\n`);
      expect(mail.text).toMatch(/cannot be refused|nevar atteikties/);
    }
  });

  it('policy-changed names the version and date and links the policy', () => {
    for (const language of LANGUAGES) {
      const mail = render('policy-changed', language);
      expect(mail.text).toContain('2026-11-25 00:00 UTC');
      expect(mail.text).toContain(`${ORIGIN}/privacy-policy`);
      expect(mail.html).toContain(`href="${ORIGIN}/privacy-policy"`);
    }
  });

  it('privacy-request-answered says answered or rejected and links the account page, never the answer', () => {
    for (const language of LANGUAGES) {
      for (const status of ['answered', 'rejected'] as const) {
        const mail = render('privacy-request-answered', language, {}, { status });
        expect(mail.text).toContain(`\n${ORIGIN}/privacy-requests\n`);
        expect(mail.html).toContain(`href="${ORIGIN}/privacy-requests"`);
      }
      expect(render('privacy-request-answered', language, {}, { status: 'answered' }).subject).not.toBe(
        render('privacy-request-answered', language, {}, { status: 'rejected' }).subject,
      );
    }
    expect(render('privacy-request-answered', 'en').subject).toBe('Your privacy request was answered');
    expect(render('privacy-request-answered', 'en', {}, { status: 'rejected' }).subject).toBe('Your privacy request was rejected');
    expect(render('privacy-request-answered', 'lv').subject).toBe('Uz jūsu privātuma pieprasījumu ir atbildēts');
    expect(render('privacy-request-answered', 'lv', {}, { status: 'rejected' }).subject).toBe('Jūsu privātuma pieprasījums ir noraidīts');
    expect(render('privacy-request-answered', 'en').text).toContain('it concerns your Sargs account');
  });

  describe('staff-written text', () => {
    const hostile = { title: 'Leak\r\nBcc: everyone@example.com', message: 'Hi <script>alert("x")</script>\nline two\n\n\nNext & last' };

    it('is escaped, in paragraphs, never taken as HTML', () => {
      const mail = render('security-incident', 'en', {}, hostile);
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>\nline two</p>');
      expect(mail.html).toContain('>Next &amp; last</p>');
      expect(mail.text).toContain('Hi <script>alert("x")</script>\nline two\n\nNext & last');
    });

    it('cannot break the subject onto a second line', () => {
      expect(render('security-incident', 'en', {}, hostile).subject).toBe('Security notice: Leak Bcc: everyone@example.com');
      expect(render('security-incident', 'lv', {}, hostile).subject).toBe('Drošības paziņojums: Leak Bcc: everyone@example.com');
      expect(render('campaign', 'lv', {}, { subject: '  Jaunumi\n\tdecembrī\u2028 ', body: 'x' }).subject).toBe('Jaunumi decembrī');
      expect(render('security-incident', 'en', {}, { title: '\n', message: 'm' }).subject).toBe('Security notice');
    });

    it('campaign escapes the body and the subject in <title>', () => {
      const mail = render('campaign', 'en', {}, { subject: '<i>Big</i> news', body: '<script>x()</script>' });
      expect(mail.subject).toBe('<i>Big</i> news');
      expect(mail.html).toContain('<title>&lt;i&gt;Big&lt;/i&gt; news</title>');
      expect(mail.html).toContain('&lt;script&gt;x()&lt;/script&gt;');
      expect(mail.html).not.toMatch(/<script|<i>/);
    });
  });

  describe('campaign', () => {
    it('has the one-click unsubscribe link in both parts', () => {
      const en = render('campaign', 'en');
      expect(en.text).toContain(`\n${UNSUBSCRIBE}\n`);
      expect(en.html).toContain(`<a href="${UNSUBSCRIBE}" style="`);
      expect(en.html).toContain('>Unsubscribe</a>');
      expect(render('campaign', 'lv').html).toContain('>Atteikties no jaunumiem</a>');
    });

    it('refuses to render without an unsubscribe URL, or with nothing to say', () => {
      expect(() => render('campaign', 'en', { unsubscribeUrl: undefined })).toThrow(/unsubscribe/);
      expect(() => render('campaign', 'en', {}, { subject: ' \n ', body: 'x' })).toThrow(/subject/);
      expect(() => render('campaign', 'en', {}, { subject: 'x', body: '\n\n' })).toThrow(/body/);
    });
  });

  it('org-invitation names the organisation and the role, escaped, and says in the footer why an address without an account gets it', () => {
    const en = render('org-invitation', 'en');
    expect(en.subject).toBe('Invitation to join SIA Kociņi on Sargs');
    expect(en.text).toContain('with the administrator role');
    expect(en.text).toContain('because an owner or administrator of SIA Kociņi invited this address');
    expect(en.text).not.toContain('it concerns your Sargs account');
    const lv = render('org-invitation', 'lv', {}, { ...SAMPLE_PARAMS['org-invitation'], role: 'member' });
    expect(lv.subject).toBe('Uzaicinājums pievienoties organizācijai SIA Kociņi pakalpojumā Sargs');
    expect(lv.text).toContain('ar dalībnieka lomu');
    expect(lv.text).toContain('uzaicināja šo adresi');
    const hostile = render('org-invitation', 'en', {}, { ...SAMPLE_PARAMS['org-invitation'], organizationName: '<b>Evil</b>\r\nBcc: x' });
    expect(hostile.subject).toBe('Invitation to join <b>Evil</b> Bcc: x on Sargs');
    expect(hostile.html).not.toContain('<b>Evil</b>');
    expect(hostile.html).toContain('&lt;b&gt;Evil&lt;/b&gt;');
  });

  it('subprocessor-change says what changes, where, for what and from when, and how to object to an addition', () => {
    const added = render('subprocessor-change', 'en');
    expect(added.subject).toBe('Sargs adds a sub-processor: Mailer Oy');
    expect(added.text).toContain('From 2027-01-01 00:00 UTC Sargs will use a new sub-processor');
    expect(added.text).toContain('Mailer Oy (Finland (EU)), for: e-mail delivery.');
    expect(added.text).toContain(`\n${ORIGIN}/privacy-requests\n`);
    expect(added.text).toContain('a service notice to the owners of organisations');
    const removed = render('subprocessor-change', 'lv', {}, { ...SAMPLE_PARAMS['subprocessor-change'], change: 'removed' });
    expect(removed.subject).toBe('Sargs vairs neizmantos apakšapstrādātāju: Mailer Oy');
    expect(removed.text).toContain('No 2027-01-01 00:00 UTC Sargs vairs neizmantos apakšapstrādātāju Mailer Oy (Finland (EU))');
    expect(removed.text).not.toContain(`${ORIGIN}/privacy-requests`);
    expect(render('subprocessor-change', 'lv').text).toContain('VDAR 28. panta 2. punkts');
  });

  it('says in the footer why the mail came', () => {
    expect(render('verify-email', 'en').text).toContain('it concerns your Sargs account');
    expect(render('security-incident', 'en').text).toMatch(/security notice.*cannot be refused/i);
    expect(render('policy-changed', 'lv').text).toContain('vienīgais veids, kā tos apturēt, ir slēgt savu kontu');
    expect(render('campaign', 'en').text).toContain('you agreed to receive news');
  });

  it('accepts an origin with a trailing slash', () => {
    const mail = render('registration-attempt', 'en', { publicOrigin: `${ORIGIN}/` });
    expect(mail.text).toContain(`${ORIGIN}/reset-password`);
    expect(mail.text).not.toContain(`${ORIGIN}//`);
  });
});

describe('formatUtcDateTime', () => {
  it('formats in UTC to the minute, whatever the offset given', () => {
    expect(formatUtcDateTime('2026-11-25T14:30:59.999Z')).toBe('2026-11-25 14:30 UTC');
    expect(formatUtcDateTime('2026-01-02T01:05:00+02:00')).toBe('2026-01-01 23:05 UTC');
    expect(formatUtcDateTime(new Date(Date.UTC(2027, 0, 1, 0, 0)))).toBe('2027-01-01 00:00 UTC');
  });
});

describe('plainTextToHtmlParagraphs', () => {
  it('splits on blank lines, keeps single breaks, escapes everything', () => {
    expect(plainTextToHtmlParagraphs("a\r\nb\r\n  \r\n\"c\" & 'd'\n", 'margin:0;')).toEqual(['<p style="margin:0;">a<br>\nb</p>', '<p style="margin:0;">&quot;c&quot; &amp; &#39;d&#39;</p>']);
  });
});
