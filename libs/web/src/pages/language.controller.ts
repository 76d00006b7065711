import { Post } from '@nestjs/common';
import { LANGUAGES } from '@sargs/contracts';
import { localPath, type PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/**
 * The language switch every page carries: PUT /preferences/language through the pipeline (the
 * `lang` cookie, and the account's language when signed in), then back to the page it came from.
 */
@PageController()
export class LanguageController {
  @Post('language')
  async switch(@Page() page: PageContext): Promise<void> {
    const language = page.form.text('language');
    const back = localPath(page.form.text('returnTo'));
    // An unknown value changes nothing: the page it came from is shown again as it was.
    if ((LANGUAGES as readonly string[]).includes(language)) {
      const answer = await page.call({ method: 'PUT', path: '/preferences/language', body: { language } });
      if (answer.status >= 400) throw page.failure(answer);
    }
    page.redirect(back);
  }
}
