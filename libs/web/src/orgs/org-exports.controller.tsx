import { Get, Param, Post } from '@nestjs/common';
import type { OrgExportsView } from '@sargs/contracts';
import { orgExportsMessages } from '../i18n/organisations.messages';
import { ExportList } from '../layout/export-list';
import { StatusMessage } from '../layout/form-controls';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { isUuid, MANAGERS, OrgLayout, orgScope } from './org-kit';

/**
 * `/orgs/:id/exports` (owner, admin): ask for a copy of the organisation's data (POST
 * /orgs/:id/exports), each copy's state, and a ready one saved as a file.
 */
@PageController()
export class OrgExportsController {
  @Get('orgs/:id/exports')
  async show(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id, MANAGERS);
    const m = orgExportsMessages[page.language];
    const exports = await page.fetch<OrgExportsView>({ method: 'GET', path: `/orgs/${scope.id}/exports` });
    const base = `/orgs/${scope.id}/exports`;
    page.render(
      <OrgLayout page={page} scope={scope} title={m.title}>
        <StatusMessage>{page.query('done') === 'requested' ? m.requested : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        <ExportList language={page.language} base={base} exports={exports} m={m} />
      </OrgLayout>,
    );
  }

  @Post('orgs/:id/exports')
  async request(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id, MANAGERS);
    const answer = await page.call({ method: 'POST', path: `/orgs/${scope.id}/exports` });
    if (answer.status !== 202) throw page.failure(answer);
    page.redirect(`/orgs/${scope.id}/exports?done=requested`);
  }

  /** The API's document as a file to save; one still being prepared leads back to the list, which shows its state. */
  @Get('orgs/:id/exports/:exportId/download')
  async download(@Page() page: PageContext, @Param('id') id: string, @Param('exportId') exportId: string): Promise<void> {
    const scope = await orgScope(page, id, MANAGERS);
    if (!isUuid(exportId)) throw new PageError(404, 'not-found');
    const eid = exportId.toLowerCase();
    const answer = await page.call({ method: 'GET', path: `/orgs/${scope.id}/exports/${eid}/download` });
    if (answer.status === 409) return page.redirect(`/orgs/${scope.id}/exports`);
    if (answer.status !== 200) throw page.failure(answer);
    page.download(`sargs-organisation-export-${eid}.json`, 'application/json; charset=utf-8', JSON.stringify(answer.body, null, 2));
  }
}
