import { Get } from '@nestjs/common';
import { authMessages } from '../i18n/auth.messages';
import { StatusMessage } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/** `/`: where every mail's footer and the header's name lead. */
@PageController()
export class StartPageController {
  @Get()
  show(@Page() page: PageContext): void {
    const m = authMessages[page.language];
    const viewer = page.signedIn;
    page.render(
      <Layout page={page} title={m.startTitle}>
        <StatusMessage>{page.query('done') === 'logged-out' ? m.loggedOut : undefined}</StatusMessage>
        <h1>{m.startTitle}</h1>
        <p>{m.startIntro}</p>
        {viewer ? (
          <>
            <p>{m.startSignedIn(viewer.name)}</p>
            <p>
              <a class="button" href="/account">
                {m.goToAccount}
              </a>
            </p>
          </>
        ) : (
          <ul class="actions">
            <li>
              <a class="button" href="/signup">
                {page.t.signUp}
              </a>
            </li>
            <li>
              <a class="button secondary" href="/login">
                {page.t.logIn}
              </a>
            </li>
          </ul>
        )}
        <p>
          <a href="/privacy-policy">{page.t.privacyPolicy}</a>
        </p>
      </Layout>,
    );
  }
}
