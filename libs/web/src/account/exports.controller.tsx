import { Get, Param, Post } from '@nestjs/common';
import { exportsMessages } from '../i18n/account-pages.messages';
import { ExportList, type ExportEntry } from '../layout/export-list';
import { StatusMessage } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { PageError } from '../page/page-error';
import { isUuid } from './account-kit';

/**
 * `/account/exports`: ask for a copy of my data (POST /me/exports), see each copy's state and
 * download a ready one (the API's document, saved as a file). A pending copy shows its new state
 * when the page is reloaded.
 */
@PageController()
export class ExportsController {
  @Get('account/exports')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const m = exportsMessages[page.language];
    const exports = await page.fetch<ExportEntry[]>({ method: 'GET', path: '/me/exports' });
    page.render(
      <Layout page={page} title={m.title} section="account">
        <StatusMessage>{page.query('done') === 'requested' ? m.requested : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        <ExportList language={page.language} base="/account/exports" exports={exports} m={m} />
      </Layout>,
    );
  }

  /**
   * GET /me/exports/:id/download as a file to save. An expired, failed or unknown copy is the
   * not-found page; one still being prepared leads back to the list, which shows its state.
   */
  @Get('account/exports/:id/download')
  async download(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await page.requireViewer();
    if (!isUuid(id)) throw new PageError(404, 'not-found');
    const answer = await page.call({ method: 'GET', path: `/me/exports/${id.toLowerCase()}/download` });
    if (answer.status === 409) return page.redirect('/account/exports');
    if (answer.status !== 200) throw page.failure(answer);
    page.download(fileName(id.toLowerCase()), 'application/json; charset=utf-8', JSON.stringify(answer.body, null, 2));
  }

  /** POST /me/exports: a new copy, or the one still being prepared (one at a time). */
  @Post('account/exports')
  async request(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const answer = await page.call({ method: 'POST', path: '/me/exports' });
    if (answer.status !== 202) throw page.failure(answer);
    page.redirect('/account/exports?done=requested');
  }
}

function fileName(id: string): string {
  return `sargs-export-${id}.json`;
}
