import { Get, Post } from '@nestjs/common';
import { authMessages } from '../i18n/auth.messages';
import { passkeyMessages } from '../i18n/passkey.messages';
import { ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import { localPath, type PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/**
 * `/login` and logout: POST /sessions and DELETE /sessions/current through the pipeline. An
 * account with a second factor logs in in two steps on the same path: the password, then `code`
 * (POST /sessions/current/mfa) while the session waits for it. With script, a passkey does either
 * step without a password (sargs.js posts the browser's answer to /login/passkey…).
 */
@PageController()
export class LoginController {
  @Get('login')
  show(@Page() page: PageContext): void {
    if (page.signedIn) return page.redirect(localPath(page.query('next'), '/account'));
    const next = page.query('next');
    if (page.query('step') === 'code' && page.hasSessionCookie) return this.renderCodeForm(page, next, {});
    this.renderForm(page, next, '', {});
  }

  @Post('login')
  async submit(@Page() page: PageContext): Promise<void> {
    const { form } = page;
    const next = form.text('next');
    if (form.has('code') && !form.has('password')) return this.submitCode(page, next);
    const email = form.text('email');
    const errors = page.controlCharacterErrors(['email']);
    if (Object.keys(errors).length > 0) return this.renderForm(page, next, email, errors);
    const answer = await page.call({ method: 'POST', path: '/sessions', body: { email, password: form.text('password') } });
    if (answer.status === 200) {
      // The code step is a page of its own (POST, then redirect), so a reload never resends the password.
      if ((answer.body as { mfaRequired?: unknown }).mfaRequired === true) return page.redirect(codeStepPath(next));
      return page.redirect(localPath(next, '/account'));
    }
    if (answer.status === 401) return this.renderForm(page, next, email, { email: authMessages[page.language].loginFailed });
    if (answer.status === 422) return this.renderForm(page, next, email, page.fieldErrors(answer, 'email'));
    throw page.failure(answer);
  }

  /** POST /sessions/passkey: a login without a password, complete at once. */
  @Post('login/passkey')
  async submitPasskey(@Page() page: PageContext): Promise<void> {
    const next = page.form.text('next');
    const answer = await page.call({ method: 'POST', path: '/sessions/passkey', body: passkeyAnswer(page) });
    if (answer.status === 200) return page.redirect(localPath(next, '/account'));
    if (answer.status === 401 || answer.status === 422) return this.renderForm(page, next, '', { email: passkeyMessages[page.language].loginFailed });
    throw page.failure(answer);
  }

  /** POST /sessions/current/mfa/passkey: the second step with a passkey instead of a code. */
  @Post('login/passkey/second-factor')
  async submitPasskeyStep(@Page() page: PageContext): Promise<void> {
    const next = page.form.text('next');
    const answer = await page.call({ method: 'POST', path: '/sessions/current/mfa/passkey', body: passkeyAnswer(page) });
    if (answer.status === 204 || answer.status === 409) return page.redirect(localPath(next, '/account'));
    if (answer.status === 422) return this.renderCodeForm(page, next, { code: passkeyMessages[page.language].notAccepted });
    if (answer.status === 401) return this.renderForm(page, next, '', { email: authMessages[page.language].codeExpired });
    throw page.failure(answer);
  }

  @Post('logout')
  async logout(@Page() page: PageContext): Promise<void> {
    const answer = await page.call({ method: 'DELETE', path: '/sessions/current' });
    // 401: the session had already ended; the cookie is cleared either way.
    if (answer.status !== 204 && answer.status !== 401) throw page.failure(answer);
    page.redirect('/?done=logged-out');
  }

  private async submitCode(page: PageContext, next: string): Promise<void> {
    const m = authMessages[page.language];
    const answer = await page.call({ method: 'POST', path: '/sessions/current/mfa', body: { code: page.form.text('code') } });
    if (answer.status === 204) return page.redirect(localPath(next, '/account'));
    if (answer.status === 422) return this.renderCodeForm(page, next, { code: m.codeWrong });
    if (answer.status === 429) return this.renderCodeForm(page, next, { code: m.codeThrottled(Number(answer.retryAfter) || 60) }, 429);
    // The pending session ended (took too long, logged out elsewhere) or was already complete.
    if (answer.status === 401) return this.renderForm(page, next, '', { email: m.codeExpired });
    if (answer.status === 409) return page.redirect(localPath(next, '/account'));
    throw page.failure(answer);
  }

  private renderForm(page: PageContext, next: string, email: string, errors: FieldErrors): void {
    const m = authMessages[page.language];
    page.render(
      <Layout page={page} title={m.logInTitle}>
        <StatusMessage>{Object.keys(errors).length === 0 && page.query('done') === 'password-reset' ? m.passwordReset : undefined}</StatusMessage>
        <h1>{m.logInTitle}</h1>
        <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} />
        <PostForm action="/login">
          {next && <input type="hidden" name="next" value={localPath(next, '/account')} />}
          <TextField name="email" type="email" label={m.email} autocomplete="username" required value={email} error={errors.email} />
          <TextField name="password" type="password" label={m.password} autocomplete="current-password" required error={errors.password} />
          <button type="submit">{m.logInButton}</button>
        </PostForm>
        <PasskeyForm page={page} next={next} action="/login/passkey" options="/api/v1/sessions/passkey/options" intro={passkeyMessages[page.language].logInOr} button={passkeyMessages[page.language].logInButton} />
        <p>
          <a href="/reset-password">{m.forgotPassword}</a>
        </p>
        <p>
          {m.noAccount} <a href="/signup">{page.t.signUp}</a>
        </p>
      </Layout>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  private renderCodeForm(page: PageContext, next: string, errors: FieldErrors, status?: number): void {
    const m = authMessages[page.language];
    page.render(
      <Layout page={page} title={m.codeTitle}>
        <h1>{m.codeTitle}</h1>
        <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ code: m.code }} />
        <p>{m.codeText}</p>
        <PostForm action="/login">
          {next && <input type="hidden" name="next" value={localPath(next, '/account')} />}
          <TextField name="code" label={m.code} autocomplete="one-time-code" inputmode="numeric" required error={errors.code} />
          <button type="submit">{m.codeButton}</button>
        </PostForm>
        <PasskeyForm
          page={page}
          next={next}
          action="/login/passkey/second-factor"
          options="/api/v1/sessions/current/mfa/passkey/options"
          intro={passkeyMessages[page.language].secondStepOr}
          button={passkeyMessages[page.language].secondStepButton}
        />
        <PostForm action="/logout">
          <button type="submit" class="secondary">
            {m.cancelLogin}
          </button>
        </PostForm>
      </Layout>,
      status ?? (Object.keys(errors).length > 0 ? 422 : 200),
    );
  }
}

/**
 * A passkey button: hidden until sargs.js finds the browser's WebAuthn API, which then asks
 * `options` for a challenge, lets the browser use a passkey, and posts its answer here.
 */
function PasskeyForm({ page, next, action, options, intro, button }: { page: PageContext; next: string; action: string; options: string; intro: string; button: string }) {
  const m = passkeyMessages[page.language];
  const status = `${action.replace(/\W+/gu, '-').replace(/^-/u, '')}-status`;
  return (
    <div class="passkey-login" data-passkey-section hidden>
      <p>{intro}</p>
      <form method="post" action={action} novalidate data-passkey="login" data-passkey-options={options} data-passkey-status={status} data-passkey-cancelled={m.cancelled} data-passkey-failed={m.notAccepted} data-passkey-none={m.noPasskey}>
        {next && <input type="hidden" name="next" value={localPath(next, '/account')} />}
        <input type="hidden" name="challengeId" value="" />
        <input type="hidden" name="credential" value="" />
        <button type="submit" class="secondary">
          {button}
        </button>
      </form>
      <p class="field-error-message" id={status} role="alert" hidden></p>
    </div>
  );
}

/** The passkey answer sargs.js posted: the challenge's id and the browser's credential (JSON). */
function passkeyAnswer(page: PageContext): { challengeId: string; credential: unknown } {
  let credential: unknown = null;
  try {
    credential = JSON.parse(page.form.text('credential')) as unknown;
  } catch {
    // Nothing usable: the API answers it as a refused passkey.
  }
  return { challengeId: page.form.text('challengeId'), credential };
}

function codeStepPath(next: string): string {
  const query = new URLSearchParams({ step: 'code' });
  if (next) query.set('next', localPath(next, '/account'));
  return `/login?${query.toString()}`;
}
