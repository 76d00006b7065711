import { Get, Post } from '@nestjs/common';
import { securityMessages } from '../i18n/account-pages.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import type { Viewer } from '../page/viewer';

/** Identity's words for a new password equal to the current one (no general translation fits). */
const SAME_PASSWORD = 'must differ from the current password';

/** `/account/security`: when the password changed, a form to change it, and the second factor. */
@PageController()
export class SecurityController {
  @Get('account/security')
  async show(@Page() page: PageContext): Promise<void> {
    this.renderSecurity(page, await page.requireViewer(), {});
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
    if (answer.status === 204) return page.redirect('/account/security?done=password');
    if (answer.status !== 422) throw page.failure(answer);
    const errors = page.fieldErrors(answer, 'newPassword');
    if (mentions(answer.body, 'newPassword', SAME_PASSWORD)) errors.newPassword = securityMessages[page.language].mustDiffer;
    this.renderSecurity(page, viewer, errors);
  }

  private renderSecurity(page: PageContext, viewer: Viewer, errors: FieldErrors): void {
    const m = securityMessages[page.language];
    const refused = Object.keys(errors).length > 0;
    page.render(
      <Layout page={page} title={m.title} section="account">
        <StatusMessage>{!refused && page.query('done') === 'password' ? m.passwordChanged : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <section aria-labelledby="password-heading">
          <h2 id="password-heading">{m.passwordHeading}</h2>
          <dl class="details">
            <dt>{m.passwordChangedAt}</dt>
            <dd class="password-changed-at">{formatDateTime(page.language, viewer.passwordChangedAt)}</dd>
          </dl>
          <h3>{m.changePasswordHeading}</h3>
          <p>{m.changePasswordIntro}</p>
          <ErrorSummary
            title={page.t.errorSummaryTitle}
            errors={errors}
            labels={{ currentPassword: m.currentPassword, newPassword: m.newPassword }}
          />
          <PostForm action="/account/security/password">
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
            <strong class="badge">{m.secondFactorState}</strong>
          </p>
          <p>{m.secondFactorText}</p>
        </section>
      </Layout>,
      refused ? 422 : 200,
    );
  }
}

/** Whether a problem+json body names this field with this message. */
function mentions(body: unknown, field: string, message: string): boolean {
  const errors = body !== null && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  return Array.isArray(errors) && errors.some((e: { field?: unknown; message?: unknown }) => e?.field === field && e?.message === message);
}
