import { Get } from '@nestjs/common';
import type { SubprocessorRegisterView } from '@sargs/contracts';
import { subprocessorsMessages } from '../i18n/organisations.messages';
import { formatDate } from '../i18n/locale-format';
import { Layout } from '../layout/layout';
import { RecordTable } from '../layout/record-table';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

/**
 * `/subprocessors`: the public register of the sub-processors Sargs uses for organisations' data,
 * and the changes announced ahead of taking effect (GDPR Art. 28(2)).
 */
@PageController()
export class SubprocessorsController {
  @Get('subprocessors')
  async show(@Page() page: PageContext): Promise<void> {
    const m = subprocessorsMessages[page.language];
    const register = await page.fetch<SubprocessorRegisterView>({ method: 'GET', path: '/subprocessors' });
    page.render(
      <Layout page={page} title={m.title}>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        <h2 id="current-heading">{m.currentHeading}</h2>
        <RecordTable
          class="subprocessors"
          caption={m.caption}
          rows={register.current}
          empty={m.none}
          rowKey={(entry, index) => `${index}-${entry.name}`}
          columns={[
            { header: m.name, rowHeader: true, cell: (entry) => entry.name },
            { header: m.purpose, cell: (entry) => entry.purpose },
            { header: m.location, cell: (entry) => entry.location },
            { header: m.since, cell: (entry) => formatDate(page.language, entry.since) },
          ]}
        />
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">{m.upcomingHeading}</h2>
          <RecordTable
            class="subprocessor-changes"
            caption={m.upcomingCaption}
            rows={register.upcoming}
            empty={m.noUpcoming}
            rowKey={(change) => change.id}
            columns={[
              { header: m.name, rowHeader: true, cell: (change) => change.name },
              { header: m.change, cell: (change) => (change.change === 'added' ? m.added : m.removed) },
              { header: m.purpose, cell: (change) => change.purpose },
              { header: m.location, cell: (change) => change.location },
              { header: m.effectiveAt, cell: (change) => formatDate(page.language, change.effectiveAt) },
              { header: m.announcedAt, cell: (change) => formatDate(page.language, change.announcedAt) },
            ]}
          />
        </section>
        <p>
          <a href="/dpa">{m.dpa}</a>
        </p>
      </Layout>,
    );
  }
}
