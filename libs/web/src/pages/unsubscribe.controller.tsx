import { Get, Post } from '@nestjs/common';
import { publicMessages } from '../i18n/public.messages';
import { PostForm } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

const ONE_CLICK = { 'List-Unsubscribe': 'One-Click' };

const apiPath = (token: string) => `/unsubscribe?token=${encodeURIComponent(token)}`;

/**
 * `/unsubscribe?token=`: the link in a marketing mail's footer, no login needed. The GET explains
 * and shows a button; only its POST unsubscribes (POST /unsubscribe?token= with RFC 8058's
 * one-click form, the same call a mail client makes from the List-Unsubscribe header), so a link
 * scanner changes nothing. Then a confirmation without the token in its address.
 */
@PageController()
export class UnsubscribeController {
  @Get('unsubscribe')
  async show(@Page() page: PageContext): Promise<void> {
    const p = publicMessages[page.language];
    if (page.query('done') === 'unsubscribed') {
      return page.render(
        <Layout page={page} title={p.unsubscribedTitle}>
          <div role="status">
            <h1>{p.unsubscribedTitle}</h1>
            <p>{p.unsubscribedText}</p>
          </div>
          <p>
            <a href="/account/consents">{p.yourConsents}</a>
          </p>
        </Layout>,
      );
    }
    const token = page.query('token');
    // The API's own page checks the token and changes nothing: its status says whether the link works.
    const check = token ? await page.call({ method: 'GET', path: apiPath(token) }) : undefined;
    if (check?.status !== 200) return this.renderInvalid(page);
    page.render(
      <Layout page={page} title={p.unsubscribeTitle}>
        <h1>{p.unsubscribeTitle}</h1>
        <p>{p.unsubscribeText}</p>
        <PostForm action="/unsubscribe">
          <input type="hidden" name="token" value={token} />
          <button type="submit">{p.unsubscribeButton}</button>
        </PostForm>
      </Layout>,
    );
  }

  @Post('unsubscribe')
  async unsubscribe(@Page() page: PageContext): Promise<void> {
    const token = page.form.text('token') || page.query('token');
    if (!token) return this.renderInvalid(page);
    const answer = await page.call({ method: 'POST', path: apiPath(token), form: ONE_CLICK });
    if (answer.status === 200) return page.redirect('/unsubscribe?done=unsubscribed');
    if (answer.status === 400 || answer.status === 422) return this.renderInvalid(page);
    throw page.failure(answer);
  }

  /** A forged, altered or cut-off link: said plainly (there is no field to fix), with the way on. */
  private renderInvalid(page: PageContext): void {
    const p = publicMessages[page.language];
    page.render(
      <Layout page={page} title={p.unsubscribeInvalidTitle}>
        <h1>{p.unsubscribeInvalidTitle}</h1>
        <div class="notice warn" role="alert">
          <p>{p.unsubscribeInvalid}</p>
        </div>
        <p>
          <a href="/account/consents">{p.yourConsents}</a>
        </p>
      </Layout>,
      400,
    );
  }
}
