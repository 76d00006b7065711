import { Get, Post } from '@nestjs/common';
import { authMessages } from '../i18n/auth.messages';
import { publicMessages } from '../i18n/public.messages';
import { ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/**
 * `/reset-password`: the address to send a reset link to (POST /password-resets, always the same
 * 202); with the mailed `?token=`, the new password (POST /password-resets/confirm), then to log
 * in. Only the POST uses the token, so a mail scanner that follows the link changes nothing.
 */
@PageController()
export class ResetPasswordController {
  @Get('reset-password')
  show(@Page() page: PageContext): void {
    const token = page.query('token');
    if (token) return this.renderNewPassword(page, token, {});
    this.renderRequest(page, '', {});
  }

  @Post('reset-password')
  async request(@Page() page: PageContext): Promise<void> {
    const email = page.form.text('email');
    const errors = page.controlCharacterErrors(['email']);
    if (Object.keys(errors).length > 0) return this.renderRequest(page, email, errors);
    const answer = await page.call({ method: 'POST', path: '/password-resets', body: { email } });
    if (answer.status === 422) return this.renderRequest(page, email, page.fieldErrors(answer, 'email'));
    if (answer.status !== 202) throw page.failure(answer);
    page.redirect('/reset-password?done=sent');
  }

  @Post('reset-password/confirm')
  async confirm(@Page() page: PageContext): Promise<void> {
    const token = page.form.text('token');
    const answer = await page.call({ method: 'POST', path: '/password-resets/confirm', body: { token, newPassword: page.form.text('newPassword') } });
    if (answer.status === 204) return page.redirect('/login?done=password-reset');
    if (answer.status === 400) return this.renderInvalid(page);
    if (answer.status === 422) {
      const errors = page.fieldErrors(answer, 'newPassword');
      // A missing or oversized token is a broken link, not something to type.
      if (errors.token) return this.renderInvalid(page);
      return this.renderNewPassword(page, token, errors);
    }
    throw page.failure(answer);
  }

  private renderRequest(page: PageContext, email: string, errors: FieldErrors): void {
    const m = authMessages[page.language];
    const refused = Object.keys(errors).length > 0;
    page.render(
      <Layout page={page} title={m.resetTitle}>
        <StatusMessage>{!refused && page.query('done') === 'sent' ? m.resetSent : undefined}</StatusMessage>
        <h1>{m.resetTitle}</h1>
        <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} />
        <p>{m.resetText}</p>
        <PostForm action="/reset-password">
          <TextField name="email" type="email" label={m.email} autocomplete="email" required maxLength={254} value={email} error={errors.email} />
          <button type="submit">{m.resetButton}</button>
        </PostForm>
      </Layout>,
      refused ? 422 : 200,
    );
  }

  private renderNewPassword(page: PageContext, token: string, errors: FieldErrors): void {
    const m = authMessages[page.language];
    const refused = Object.keys(errors).length > 0;
    page.render(
      <Layout page={page} title={m.resetTitle}>
        <h1>{m.resetTitle}</h1>
        <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} />
        <PostForm action="/reset-password/confirm">
          <input type="hidden" name="token" value={token} />
          <TextField name="newPassword" type="password" label={m.newPassword} autocomplete="new-password" required hint={m.passwordHint} error={errors.newPassword} />
          <button type="submit">{m.setPasswordButton}</button>
        </PostForm>
      </Layout>,
      refused ? 422 : 200,
    );
  }

  /** A used, expired or broken link: said plainly (there is no field to fix), with the way to a new one. */
  private renderInvalid(page: PageContext): void {
    const m = authMessages[page.language];
    const p = publicMessages[page.language];
    page.render(
      <Layout page={page} title={m.resetTitle}>
        <h1>{m.resetTitle}</h1>
        <div class="notice warn" role="alert">
          <p>{p.resetLinkInvalid}</p>
        </div>
        <p>
          <a class="button" href="/reset-password">
            {p.askNewLink}
          </a>
        </p>
      </Layout>,
      400,
    );
  }
}
