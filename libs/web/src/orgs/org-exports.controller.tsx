import { Get, Param, Post } from '@nestjs/common';
import type { OrgExportsView } from '@sargs/contracts';
import { orgExportsMessages } from '../i18n/organisations.messages';
import { formatDateTime } from '../i18n/locale-format';
import { PostForm, StatusMessage } from '../layout/form-controls';
import { RecordTable } from '../layout/record-table';
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
        <section aria-labelledby="request-heading">
          <h2 id="request-heading">{m.requestHeading}</h2>
          <p class="hint">{m.requestHint}</p>
          <PostForm action={base}>
            <button type="submit">{m.requestButton}</button>
          </PostForm>
        </section>
        <section aria-labelledby="exports-heading">
          <h2 id="exports-heading">{m.listHeading}</h2>
          <RecordTable
            class="exports"
            caption={m.caption}
            rows={exports}
            empty={m.none}
            rowKey={(entry) => entry.id}
            rowAttributes={(entry) => ({ 'data-export-id': entry.id, 'data-status': entry.status })}
            columns={[
              { header: m.requestedAt, rowHeader: true, id: (entry) => `export-${entry.id}`, cell: (entry) => formatDateTime(page.language, entry.requestedAt) },
              { header: m.status, cell: (entry) => <span class={entry.status === 'failed' ? 'badge warn' : 'badge'}>{m[entry.status]}</span> },
              { header: m.readyAt, cell: (entry) => formatDateTime(page.language, entry.readyAt) },
              { header: m.expiresAt, cell: (entry) => formatDateTime(page.language, entry.expiresAt) },
              {
                header: m.download,
                cell: (entry) => (
                  <>
                    {entry.status === 'ready' && (
                      <a href={`${base}/${entry.id}/download`} class="download" aria-describedby={`export-${entry.id}`}>
                        {m.downloadLink}
                      </a>
                    )}
                    {entry.status === 'pending' && <a href={base}>{m.reload}</a>}
                  </>
                ),
              },
            ]}
          />
        </section>
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
