import { Get } from '@nestjs/common';
import { AUDIT_ACTIONS, type AuditEntryView, type AuditVerificationView } from '@sargs/contracts';
import { consoleRecordsMessages } from '../i18n/console-records.messages';
import { formatDateTime, formatNumber } from '../i18n/locale-format';
import { ErrorSummary, SelectField, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
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
          <form method="get" action={PATH} class="filters" aria-label={m.filter}>
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
            <div class="field">
              <button type="submit">{m.filter}</button>
            </div>
          </form>
          {filtered && (
            <p>
              <a href={PATH}>{m.clearFilters}</a>
            </p>
          )}
          {entries.length === 0 ? (
            <p class="empty-list">{m.noEntries}</p>
          ) : (
            <div class="table-wrap">
              <table class="records">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{m.time}</th>
                    <th scope="col">{m.action}</th>
                    <th scope="col">{m.actorColumn}</th>
                    <th scope="col">{m.subject}</th>
                    <th scope="col">{m.reference}</th>
                    <th scope="col">{m.serviceColumn}</th>
                    <th scope="col">{m.hash}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.id} data-action={entry.action}>
                      <td>{formatNumber(lang, entry.seq)}</td>
                      <td>{formatDateTime(lang, entry.at)}</td>
                      <td>{m.actionName(entry.action)}</td>
                      <td class="hash">
                        {entry.actor ? (
                          <a href={`${PATH}?${query({ actor: entry.actor })}`} title={m.filterByActor(entry.actor)}>
                            {entry.actor}
                          </a>
                        ) : (
                          m.system
                        )}
                      </td>
                      <td class="hash">{entry.subject ?? '–'}</td>
                      <td class="hash">{entry.reference ?? '–'}</td>
                      <td>{entry.service}</td>
                      <td class="hash">{`${entry.hash.slice(0, 12)}…`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {next && (
            <p>
              <a href={next} rel="next">
                {m.olderEntries}
              </a>
            </p>
          )}
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
