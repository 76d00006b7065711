import { Get, Post } from '@nestjs/common';
import { authMessages } from '../i18n/auth.messages';
import { PostForm } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/**
 * `/verify-email?token=`: the mailed link shows a button; only its POST confirms (a mail
 * scanner that follows links must not confirm an address for its owner).
 */
@PageController()
export class VerifyEmailController {
  @Get('verify-email')
  show(@Page() page: PageContext): void {
    if (page.query('done') === 'verified') return this.renderDone(page);
    this.renderButton(page, page.query('token'), false);
  }

  @Post('verify-email')
  async confirm(@Page() page: PageContext): Promise<void> {
    const token = page.form.text('token');
    const answer = await page.call({ method: 'POST', path: '/accounts/verification', body: { token } });
    if (answer.status === 204) return page.redirect('/verify-email?done=verified');
    if (answer.status === 400 || answer.status === 422) return this.renderButton(page, token, true);
    throw page.failure(answer);
  }

  private renderButton(page: PageContext, token: string, invalid: boolean): void {
    const m = authMessages[page.language];
    page.render(
      <Layout page={page} title={m.verifyTitle}>
        <h1>{m.verifyTitle}</h1>
        {invalid ? (
          <>
            <div class="notice warn" role="alert">
              <p>{m.linkInvalid}</p>
            </div>
            <p>
              <a href="/signup/check-email">{m.resendButton}</a>
            </p>
          </>
        ) : (
          <>
            <p>{m.verifyText}</p>
            <PostForm action="/verify-email">
              <input type="hidden" name="token" value={token} />
              <button type="submit">{m.verifyButton}</button>
            </PostForm>
          </>
        )}
      </Layout>,
      invalid ? 400 : 200,
    );
  }

  private renderDone(page: PageContext): void {
    const m = authMessages[page.language];
    page.render(
      <Layout page={page} title={m.verifiedTitle}>
        <div role="status">
          <h1>{m.verifiedTitle}</h1>
          <p>{m.verifiedText}</p>
        </div>
        <p>
          <a class="button" href="/login">
            {page.t.logIn}
          </a>
        </p>
      </Layout>,
    );
  }
}
