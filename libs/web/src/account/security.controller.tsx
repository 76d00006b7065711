import { Get, Post } from '@nestjs/common';
import type { PasskeyView } from '@sargs/contracts';
import { securityMessages } from '../i18n/account-pages.messages';
import { passkeyMessages } from '../i18n/passkey.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { QrCode, qrCodeSvg } from '../layout/qr-code';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import type { Viewer } from '../page/viewer';
import { isUuid } from './account-kit';
import { PasskeysSection, type PasskeyFormState } from './passkeys-section';

/** Identity's words for a new password equal to the current one (no general translation fits). */
const SAME_PASSWORD = 'must differ from the current password';
const PATH = '/account/security';
/** A key the enrolment page may draw again after a wrong code: base32 as POST /me/mfa/totp gives it. */
const TOTP_KEY = /^[A-Z2-7]{16,128}$/u;

/** `/account/security`: the password, and the second factors (an authenticator app, passkeys, recovery codes). */
@PageController()
export class SecurityController {
  @Get('account/security')
  async show(@Page() page: PageContext): Promise<void> {
    await this.renderSecurity(page, await page.requireViewer(), {});
  }

  /** PUT /me/password: 204 ends every other session; a wrong current password is 422 on its field. */
  @Post('account/security/password')
  async changePassword(@Page() page: PageContext): Promise<void> {
    const viewer = await page.requireViewer();
    const answer = await page.call({
      method: 'PUT',
      path: '/me/password',
      body: { currentPassword: page.form.text('currentPassword'), newPassword: page.form.text('newPassword') },
    });
    if (answer.status === 204) return page.redirect(`${PATH}?done=password`);
    if (answer.status !== 422) throw page.failure(answer);
    const errors = page.fieldErrors(answer, 'newPassword');
    if (mentions(answer.body, 'newPassword', SAME_PASSWORD)) errors.newPassword = securityMessages[page.language].mustDiffer;
    await this.renderSecurity(page, viewer, errors);
  }

  /** POST /me/mfa/totp: a new key, shown as a QR code and as text, with the form that confirms it. */
  @Post('account/security/totp')
  async startTotp(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const answer = await page.call({ method: 'POST', path: '/me/mfa/totp' });
    if (answer.status === 409) return page.redirect(PATH);
    if (answer.status !== 201) throw page.failure(answer);
    const { secret, otpauthUri } = answer.body as { secret: string; otpauthUri: string };
    await this.renderEnrolment(page, secret, otpauthUri, {});
  }

  /** POST /me/mfa/totp/confirm: the recovery codes are shown on this answer, once (no redirect could carry them). */
  @Post('account/security/totp/confirm')
  async confirmTotp(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const answer = await page.call({ method: 'POST', path: '/me/mfa/totp/confirm', body: { code: page.form.text('code') } });
    if (answer.status === 200) return this.renderRecoveryCodes(page, (answer.body as { recoveryCodes: string[] }).recoveryCodes);
    if (answer.status === 409) return page.redirect(PATH);
    if (answer.status !== 422) throw page.failure(answer);
    // The key's URI came back in a hidden field, only to draw the same QR code again: the API
    // checks the code against its own copy of the key.
    const enrolment = enrolmentFrom(page.form.text('otpauthUri'));
    if (!enrolment) return page.redirect(PATH);
    await this.renderEnrolment(page, enrolment.secret, enrolment.uri, { code: securityMessages[page.language].codeWrong });
  }

  /** DELETE /me/mfa/totp with the password and a code. */
  @Post('account/security/totp/remove')
  async removeTotp(@Page() page: PageContext): Promise<void> {
    const viewer = await page.requireViewer();
    const answer = await page.call({ method: 'DELETE', path: '/me/mfa/totp', body: { password: page.form.text('password'), code: page.form.text('code') } });
    if (answer.status === 204 || answer.status === 404) return page.redirect(`${PATH}?done=totp-off`);
    if (answer.status !== 422) throw page.failure(answer);
    const errors = page.fieldErrors(answer, 'code');
    if (errors.code) errors.code = securityMessages[page.language].codeWrong;
    await this.renderSecurity(page, viewer, errors);
  }

  /**
   * POST /me/passkeys with the passkey the browser made (sargs.js puts it in `credential`). The
   * first second factor brings recovery codes, shown on this answer once.
   */
  @Post('account/security/passkeys')
  async addPasskey(@Page() page: PageContext): Promise<void> {
    const viewer = await page.requireViewer();
    const m = passkeyMessages[page.language];
    const name = page.form.text('name');
    const refused = (errors: FieldErrors) => this.renderSecurity(page, viewer, {}, { form: 'passkey-add', errors, name });
    const credential = parseJson(page.form.text('credential'));
    if (name.trim() === '') return refused({ name: page.t.fieldRequired });
    // Only the script makes a passkey: without it there is nothing to add.
    if (credential === undefined) return refused({ name: m.needsScript });
    const answer = await page.call({ method: 'POST', path: '/me/passkeys', body: { challengeId: page.form.text('challengeId'), name, credential } });
    if (answer.status === 201) {
      const { recoveryCodes } = answer.body as { recoveryCodes?: string[] };
      return recoveryCodes ? this.renderRecoveryCodes(page, recoveryCodes, m.recoveryText, 'passkey-added') : page.redirect(`${PATH}?done=passkey-added`);
    }
    if (answer.status === 409) return refused({ name: m.alreadyAdded });
    if (answer.status !== 422) throw page.failure(answer);
    const errors = page.fieldErrors(answer, 'name');
    return refused({ name: errors.name ?? m.notAccepted });
  }

  /** DELETE /me/passkeys/:id with the password. */
  @Post('account/security/passkeys/remove')
  async removePasskey(@Page() page: PageContext): Promise<void> {
    const viewer = await page.requireViewer();
    const id = page.form.text('id').toLowerCase();
    if (!isUuid(id)) return page.redirect(`${PATH}?done=passkey-removed`);
    const answer = await page.call({ method: 'DELETE', path: `/me/passkeys/${id}`, body: { password: page.form.text('password') } });
    // 404: removed meanwhile (another tab), or never mine.
    if (answer.status === 204 || answer.status === 404) return page.redirect(`${PATH}?done=passkey-removed`);
    if (answer.status !== 422) throw page.failure(answer);
    await this.renderSecurity(page, viewer, {}, { form: 'passkey-remove', errors: page.fieldErrors(answer, 'password'), id });
  }

  private async renderEnrolment(page: PageContext, secret: string, otpauthUri: string, errors: FieldErrors): Promise<void> {
    const m = securityMessages[page.language];
    const svg = await qrCodeSvg(otpauthUri);
    page.render(
      <Layout page={page} title={m.enrolTitle} section="account">
        <h1>{m.enrolTitle}</h1>
        <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ code: m.code }} />
        <ol class="steps">
          <li>
            <p>{m.enrolStepScan}</p>
            <QrCode svg={svg} label={m.qrLabel} />
          </li>
          <li>
            <p>{m.enrolStepKey}</p>
            <p>
              <code class="totp-key">{secret.match(/.{1,4}/gu)?.join(' ')}</code>
            </p>
          </li>
          <li>
            <p>{m.enrolStepCode}</p>
            <PostForm action={`${PATH}/totp/confirm`}>
              <input type="hidden" name="otpauthUri" value={otpauthUri} />
              <TextField name="code" label={m.code} autocomplete="one-time-code" inputmode="numeric" required error={errors.code} />
              <button type="submit">{m.confirmTotpButton}</button>
            </PostForm>
          </li>
        </ol>
        <p>
          <a href={PATH}>{m.enrolCancel}</a>
        </p>
      </Layout>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  private renderRecoveryCodes(page: PageContext, codes: string[], text?: string, done = 'totp-on'): void {
    const m = securityMessages[page.language];
    page.render(
      <Layout page={page} title={m.recoveryTitle} section="account">
        <h1>{m.recoveryTitle}</h1>
        <p>{text ?? m.recoveryText}</p>
        <ul class="recovery-codes">
          {codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <a href={`${PATH}?done=${done}`}>{m.recoveryDone}</a>
        </p>
      </Layout>,
    );
  }

  private async renderSecurity(page: PageContext, viewer: Viewer, errors: FieldErrors, passkeyForm?: PasskeyFormState): Promise<void> {
    const m = securityMessages[page.language];
    const pm = passkeyMessages[page.language];
    const passkeys = viewer.mfa.passkeys > 0 ? await page.fetch<PasskeyView[]>({ method: 'GET', path: '/me/passkeys' }) : [];
    const refused = Object.keys(errors).length > 0 || (passkeyForm !== undefined && Object.keys(passkeyForm.errors).length > 0);
    const done = refused ? '' : page.query('done');
    const status = { password: m.passwordChanged, 'totp-on': m.totpOn, 'totp-off': m.totpOff, 'passkey-added': pm.added, 'passkey-removed': pm.removed }[done];
    const passwordErrors = pick(errors, ['currentPassword', 'newPassword']);
    const removalErrors = pick(errors, ['password', 'code']);
    page.render(
      <Layout page={page} title={m.title} section="account">
        <StatusMessage>{status}</StatusMessage>
        <h1>{m.title}</h1>
        <section aria-labelledby="password-heading">
          <h2 id="password-heading">{m.passwordHeading}</h2>
          <dl class="details">
            <dt>{m.passwordChangedAt}</dt>
            <dd class="password-changed-at">{formatDateTime(page.language, viewer.passwordChangedAt)}</dd>
          </dl>
          <h3>{m.changePasswordHeading}</h3>
          <p>{m.changePasswordIntro}</p>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={passwordErrors} labels={{ currentPassword: m.currentPassword, newPassword: m.newPassword }} />
          <PostForm action={`${PATH}/password`}>
            <TextField name="currentPassword" type="password" label={m.currentPassword} autocomplete="current-password" required error={errors.currentPassword} />
            <TextField name="newPassword" type="password" label={m.newPassword} autocomplete="new-password" required hint={m.newPasswordHint} error={errors.newPassword} />
            <button type="submit">{m.changePasswordButton}</button>
          </PostForm>
          <p>
            <a href="/account/sessions">{m.sessionsLink}</a>
          </p>
        </section>
        <section aria-labelledby="second-factor-heading">
          <h2 id="second-factor-heading">{m.secondFactorHeading}</h2>
          <p>
            <strong class="badge">{viewer.mfa.totp ? m.secondFactorOn : viewer.mfa.passkeys > 0 ? pm.secondFactorOn : m.secondFactorState}</strong>
          </p>
          {viewer.mfa.totp ? (
            <>
              <p>{m.secondFactorOnText}</p>
              <h3>{m.removeTotpHeading}</h3>
              <p>{m.removeTotpText}</p>
              <ErrorSummary title={page.t.errorSummaryTitle} errors={removalErrors} labels={{ password: m.password, code: m.code }} />
              <PostForm action={`${PATH}/totp/remove`}>
                <TextField name="password" type="password" label={m.password} autocomplete="current-password" required error={errors.password} />
                <TextField name="code" label={m.code} autocomplete="one-time-code" required error={errors.code} />
                <button type="submit" class="danger">
                  {m.removeTotpButton}
                </button>
              </PostForm>
            </>
          ) : (
            <>
              <p>{m.secondFactorText}</p>
              <PostForm action={`${PATH}/totp`}>
                <button type="submit">{m.startTotpButton}</button>
              </PostForm>
            </>
          )}
        </section>
        <PasskeysSection page={page} passkeys={passkeys} state={passkeyForm} />
      </Layout>,
      refused ? 422 : 200,
    );
  }
}

/** The passkey sargs.js put in a hidden field; undefined when absent or not JSON. */
function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The key of an otpauth URI the enrolment page made; undefined for anything else. */
function enrolmentFrom(uri: string): { uri: string; secret: string } | undefined {
  if (!uri.startsWith('otpauth://totp/')) return undefined;
  const secret = URL.canParse(uri) ? new URL(uri).searchParams.get('secret') : null;
  return secret && TOTP_KEY.test(secret) ? { uri, secret } : undefined;
}

function pick(errors: FieldErrors, names: string[]): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([name]) => names.includes(name)));
}

/** Whether a problem+json body names this field with this message. */
function mentions(body: unknown, field: string, message: string): boolean {
  const errors = body !== null && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  return Array.isArray(errors) && errors.some((e: { field?: unknown; message?: unknown }) => e?.field === field && e?.message === message);
}
