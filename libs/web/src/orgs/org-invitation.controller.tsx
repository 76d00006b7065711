import { Get, Post } from '@nestjs/common';
import { invitationMessages } from '../i18n/organisations.messages';
import { PostForm } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/** This page's own address with the token: where logging in comes back to. */
function here(token: string): string {
  return `/org-invitation?token=${encodeURIComponent(token)}`;
}

/**
 * `/org-invitation?token=`: the link an invitation mail carries. Accepting needs the session of
 * the invited address, so a visitor who is not logged in is asked to log in first and comes back
 * here, token and all; only the button's POST accepts (POST /org-invitations/accept), never the
 * GET (a mail scanner that follows links must not join anyone to anything).
 */
@PageController()
export class OrgInvitationController {
  @Get('org-invitation')
  show(@Page() page: PageContext): void {
    const token = page.query('token');
    if (!token) return this.renderRefused(page, 'invalid');
    if (!page.signedIn) return this.renderLogInFirst(page, token);
    const m = invitationMessages[page.language];
    page.render(
      <Layout page={page} title={m.title}>
        <h1>{m.title}</h1>
        <p>{m.text}</p>
        <PostForm action="/org-invitation">
          <input type="hidden" name="token" value={token} />
          <button type="submit">{m.acceptButton}</button>
        </PostForm>
      </Layout>,
    );
  }

  @Post('org-invitation')
  async accept(@Page() page: PageContext): Promise<void> {
    const token = page.form.text('token');
    // The session ended between the link and the button: log in, then back to this link.
    if (!(await page.viewer())) return page.redirect(`/login?next=${encodeURIComponent(here(token))}`);
    const answer = await page.call({ method: 'POST', path: '/org-invitations/accept', body: { token } });
    if (answer.status === 204 || answer.status === 200 || answer.status === 201) return page.redirect(joinedPath(answer.body));
    if (answer.status === 401) return page.redirect(`/login?next=${encodeURIComponent(here(token))}`);
    if (answer.status === 400 || answer.status === 422) return this.renderRefused(page, 'invalid');
    if (answer.status === 403) return this.renderRefused(page, 'wrong-account');
    throw page.failure(answer);
  }

  private renderLogInFirst(page: PageContext, token: string): void {
    const m = invitationMessages[page.language];
    page.render(
      <Layout page={page} title={m.title}>
        <h1>{m.title}</h1>
        <p>{m.text}</p>
        <p>{m.logInFirst}</p>
        <p>
          <a class="button" href={`/login?next=${encodeURIComponent(here(token))}`}>
            {m.logIn}
          </a>
        </p>
        <p>
          {m.noAccount} <a href="/signup">{page.t.signUp}</a>. {m.signUpThen}
        </p>
      </Layout>,
    );
  }

  /** A link that cannot be accepted: said plainly (there is no field to fix), with the way on. */
  private renderRefused(page: PageContext, reason: 'invalid' | 'wrong-account'): void {
    const m = invitationMessages[page.language];
    page.render(
      <Layout page={page} title={m.title}>
        <h1>{m.title}</h1>
        <div class="notice warn" role="alert">
          <p>{reason === 'invalid' ? m.linkInvalid : m.wrongAccount}</p>
        </div>
        <p>
          <a href={page.signedIn ? '/orgs' : '/'}>{page.signedIn ? page.t.organisations : page.t.backHome}</a>
        </p>
      </Layout>,
      reason === 'invalid' ? 400 : 403,
    );
  }
}

/** Where the person lands: the organisation they joined when the answer names it, else their list. */
function joinedPath(body: unknown): string {
  const orgId = body !== null && typeof body === 'object' ? (body as { orgId?: unknown; id?: unknown }).orgId : undefined;
  return typeof orgId === 'string' && /^[0-9a-f-]{36}$/iu.test(orgId) ? `/orgs/${orgId.toLowerCase()}?done=joined` : '/orgs?done=joined';
}
