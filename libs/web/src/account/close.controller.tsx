import { Get, Post } from '@nestjs/common';
import { closeMessages } from '../i18n/account-pages.messages';
import { ErrorSummary, PostForm, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/**
 * `/account/close`: what closing does (R13) and the password that confirms it (POST /me/closure).
 * The closure ends every session, so the outcome is shown on a public page, `/account/closed`.
 */
@PageController()
export class CloseAccountController {
  @Get('account/close')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    this.renderClose(page, {});
  }

  @Post('account/close')
  async close(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const answer = await page.call({ method: 'POST', path: '/me/closure', body: { password: page.form.text('password') } });
    if (answer.status === 202) return page.redirect('/account/closed');
    if (answer.status === 422) return this.renderClose(page, page.fieldErrors(answer, 'password'));
    // The last admin cannot leave (identity's 409): said next to the only field there is.
    if (answer.status === 409) return this.renderClose(page, { password: closeMessages[page.language].lastAdmin });
    throw page.failure(answer);
  }

  /** Public: the person is no longer signed in when they arrive here. */
  @Get('account/closed')
  closed(@Page() page: PageContext): void {
    // Someone still signed in has not closed this account: the page would not be true for them.
    if (page.signedIn) return page.redirect('/account/close');
    const m = closeMessages[page.language];
    page.render(
      <Layout page={page} title={m.closedTitle}>
        <div role="status">
          <h1>{m.closedTitle}</h1>
          <p>{m.closedText}</p>
        </div>
        <p>
          <a href="/">{page.t.backHome}</a>
        </p>
      </Layout>,
    );
  }

  private renderClose(page: PageContext, errors: FieldErrors): void {
    const m = closeMessages[page.language];
    page.render(
      <Layout page={page} title={m.title} section="account">
        <h1>{m.title}</h1>
        <section aria-labelledby="what-heading">
          <h2 id="what-heading">{m.whatHeading}</h2>
          <ul>
            <li>{m.loggedOut}</li>
            <li>{m.noMail}</li>
            <li>{m.erasure}</li>
            <li>{m.backups}</li>
            <li>{m.final}</li>
          </ul>
          <p>
            {m.beforeYouGo} <a href="/account/exports">{m.exportLink}</a>.
          </p>
        </section>
        <section aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{m.confirmHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ password: m.password }} />
          <PostForm action="/account/close">
            <TextField name="password" type="password" label={m.password} autocomplete="current-password" required error={errors.password} />
            <button type="submit" class="danger">
              {m.closeButton}
            </button>
          </PostForm>
        </section>
      </Layout>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }
}
