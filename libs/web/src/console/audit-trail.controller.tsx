import { Get } from '@nestjs/common';
import { AUDIT_ACTIONS, type AuditEntryView, type AuditVerificationView } from '@sargs/contracts';
import { consoleRecordsMessages } from '../i18n/console-records.messages';
import { formatDateTime, formatNumber } from '../i18n/locale-format';
import { ErrorSummary, FilterForm, SelectField, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { NextPageLink, RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { dateFieldToIso, isUuid, nextPageHref, query } from './records-kit';

const PATH = '/admin/audit';

type Filters = { actor: string; action: string; subject: string; since: string };

/** `/admin/audit` (R27): the trail, newest first, filtered and paged; `/admin/audit/verification`: the chain re-checked. */
@PageController()
export class AuditTrailController {
  @Get('admin/audit')
  async list(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const m = consoleRecordsMessages[page.language];
    const lang = page.language;
    const filters: Filters = { actor: page.query('actor').trim(), action: page.query('action'), subject: page.query('subject').trim(), since: page.query('since').trim() };
    const errors: FieldErrors = {};
    if (filters.actor !== '' && !isUuid(filters.actor)) errors.actor = page.t.fieldInvalid;
    if (filters.action !== '' && !(AUDIT_ACTIONS as readonly string[]).includes(filters.action)) errors.action = page.t.fieldInvalid;
    const since = filters.since === '' ? undefined : dateFieldToIso(filters.since, 'start');
    if (filters.since !== '' && !since) errors.since = m.dateInvalid;
    let entries: AuditEntryView[] = [];
    let next: string | undefined;
    if (Object.keys(errors).length === 0) {
      const answer = await page.call({ method: 'GET', path: `${PATH}?${query({ ...filters, since, cursor: page.query('cursor') })}` });
      if (answer.status === 422) Object.assign(errors, page.fieldErrors(answer, 'subject'));
      else if (answer.status !== 200) throw page.failure(answer);
      else {
        entries = answer.body as AuditEntryView[];
        next = nextPageHref(PATH, filters, answer.link);
      }
    }
    const filtered = Object.values(filters).some((value) => value !== '');
    page.render(
      <Layout page={page} title={m.auditTitle} section="console">
        <h1>{m.auditTitle}</h1>
        <p>{m.auditIntro}</p>
        <p>
          <a class="button secondary" href={`${PATH}/verification`}>
            {m.verifyChain}
          </a>
        </p>
        <section aria-labelledby="entries-heading">
          <h2 id="entries-heading">{m.entries}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} form="filter" />
          <FilterForm action={PATH} label={m.filter} button={m.filter}>
            <TextField form="filter" name="actor" label={m.actor} maxLength={36} value={filters.actor} error={errors.actor} />
            <SelectField
              form="filter"
              name="action"
              label={m.action}
              value={filters.action}
              error={errors.action}
              options={[{ value: '', label: m.any }, ...AUDIT_ACTIONS.map((action) => ({ value: action, label: m.actionName(action) }))]}
            />
            <TextField form="filter" name="subject" label={m.subject} hint={m.subjectHint} maxLength={100} value={filters.subject} error={errors.subject} />
            <TextField form="filter" name="since" type="date" label={m.since} hint={m.sinceHint} value={filters.since} error={errors.since} />
          </FilterForm>
          {filtered && (
            <p>
              <a href={PATH}>{m.clearFilters}</a>
            </p>
          )}
          <RecordTable
            rows={entries}
            empty={m.noEntries}
            rowKey={(entry) => entry.id}
            rowAttributes={(entry) => ({ 'data-action': entry.action })}
            columns={[
              { header: '#', cell: (entry) => formatNumber(lang, entry.seq) },
              { header: m.time, cell: (entry) => formatDateTime(lang, entry.at) },
              { header: m.action, cell: (entry) => m.actionName(entry.action) },
              {
                header: m.actorColumn,
                class: 'hash',
                cell: (entry) =>
                  entry.actor ? (
                    <a href={`${PATH}?${query({ actor: entry.actor })}`} title={m.filterByActor(entry.actor)}>
                      {entry.actor}
                    </a>
                  ) : (
                    m.system
                  ),
              },
              { header: m.subject, class: 'hash', cell: (entry) => entry.subject ?? '–' },
              { header: m.reference, class: 'hash', cell: (entry) => entry.reference ?? '–' },
              { header: m.serviceColumn, cell: (entry) => entry.service },
              { header: m.hash, class: 'hash', cell: (entry) => `${entry.hash.slice(0, 12)}…` },
            ]}
          />
          <NextPageLink href={next} label={m.olderEntries} />
        </section>
      </Layout>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  @Get('admin/audit/verification')
  async verification(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const m = consoleRecordsMessages[page.language];
    const lang = page.language;
    const result = await page.fetch<AuditVerificationView>({ method: 'GET', path: `${PATH}/verification` });
    page.render(
      <Layout page={page} title={m.verificationTitle} section="console">
        <h1>{m.verificationTitle}</h1>
        <p>{m.verificationIntro}</p>
        <dl class="details">
          <dt>{m.chainValid}</dt>
          <dd class="chain-verdict" data-valid={String(result.valid)}>
            {result.valid ? m.chainIntact : <span class="badge warn">{m.chainBroken}</span>}
          </dd>
          {result.firstBroken && (
            <>
              <dt>{m.chainBroken}</dt>
              <dd>{m.firstBroken(result.firstBroken.seq, result.firstBroken.reason)}</dd>
            </>
          )}
          <dt>{m.entriesChecked}</dt>
          <dd class="chain-entries">{formatNumber(lang, result.entries)}</dd>
          <dt>{m.head}</dt>
          <dd class="hash chain-head">{result.head ?? '–'}</dd>
          <dt>{m.checkedAt}</dt>
          <dd>{formatDateTime(lang, result.checkedAt)}</dd>
        </dl>
        <p>
          <a href={PATH}>{m.backToAudit}</a>
        </p>
      </Layout>,
    );
  }
}
