import { Get, Post } from '@nestjs/common';
import { authMessages } from '../i18n/auth.messages';
import { ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import { localPath, type PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/** `/login` and logout: POST /sessions and DELETE /sessions/current through the pipeline. */
@PageController()
export class LoginController {
  @Get('login')
  show(@Page() page: PageContext): void {
    if (page.signedIn) return page.redirect(localPath(page.query('next'), '/account'));
    this.renderForm(page, page.query('next'), '', {});
  }

  @Post('login')
  async submit(@Page() page: PageContext): Promise<void> {
    const { form } = page;
    const email = form.text('email');
    const next = form.text('next');
    const errors = page.controlCharacterErrors(['email']);
    if (Object.keys(errors).length > 0) return this.renderForm(page, next, email, errors);
    const answer = await page.call({ method: 'POST', path: '/sessions', body: { email, password: form.text('password') } });
    if (answer.status === 200) return page.redirect(localPath(next, '/account'));
    if (answer.status === 401) return this.renderForm(page, next, email, { email: authMessages[page.language].loginFailed });
    if (answer.status === 422) return this.renderForm(page, next, email, page.fieldErrors(answer, 'email'));
    throw page.failure(answer);
  }

  @Post('logout')
  async logout(@Page() page: PageContext): Promise<void> {
    const answer = await page.call({ method: 'DELETE', path: '/sessions/current' });
    // 401: the session had already ended; the cookie is cleared either way.
    if (answer.status !== 204 && answer.status !== 401) throw page.failure(answer);
    page.redirect('/?done=logged-out');
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
}
