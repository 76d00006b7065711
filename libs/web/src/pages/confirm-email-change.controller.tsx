import { Get, Post } from '@nestjs/common';
import { authMessages } from '../i18n/auth.messages';
import { publicMessages } from '../i18n/public.messages';
import { PostForm } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/** This page's own address with the token: where logging in comes back to. */
function here(token: string): string {
  return `/confirm-email-change?token=${encodeURIComponent(token)}`;
}

/**
 * `/confirm-email-change?token=`: the link mailed to the new address. It needs the session of
 * the account that asked (a visitor who is not logged in logs in first and comes back here, token
 * and all); only the button's POST confirms (POST /me/email-change/confirm), never the GET.
 */
@PageController()
export class ConfirmEmailChangeController {
  @Get('confirm-email-change')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const token = page.query('token');
    if (!token) return this.renderRefused(page, 'invalid');
    const m = authMessages[page.language];
    page.render(
      <Layout page={page} title={m.confirmChangeTitle}>
        <h1>{m.confirmChangeTitle}</h1>
        <p>{m.confirmChangeText}</p>
        <PostForm action="/confirm-email-change">
          <input type="hidden" name="token" value={token} />
          <button type="submit">{m.confirmChangeButton}</button>
        </PostForm>
      </Layout>,
    );
  }

  @Post('confirm-email-change')
  async confirm(@Page() page: PageContext): Promise<void> {
    const token = page.form.text('token');
    // The session ended between the link and the button: log in, then back to this link.
    const toLogin = () => page.redirect(`/login?next=${encodeURIComponent(here(token))}`);
    if (!(await page.viewer())) return toLogin();
    const answer = await page.call({ method: 'POST', path: '/me/email-change/confirm', body: { token } });
    if (answer.status === 204) return page.redirect('/account?done=email-confirmed');
    if (answer.status === 401) return toLogin();
    if (answer.status === 400 || answer.status === 422) return this.renderRefused(page, 'invalid');
    if (answer.status === 409) return this.renderRefused(page, 'taken');
    throw page.failure(answer);
  }

  /** A link that cannot confirm anything: said plainly (there is no field to fix), with the way on. */
  private renderRefused(page: PageContext, reason: 'invalid' | 'taken'): void {
    const m = authMessages[page.language];
    const p = publicMessages[page.language];
    page.render(
      <Layout page={page} title={m.confirmChangeTitle}>
        <h1>{m.confirmChangeTitle}</h1>
        <div class="notice warn" role="alert">
          <p>{reason === 'invalid' ? p.confirmChangeInvalid : p.addressTaken}</p>
        </div>
        <p>
          <a class="button" href="/account">
            {p.toAccount}
          </a>
        </p>
      </Layout>,
      reason === 'invalid' ? 400 : 409,
    );
  }
}
