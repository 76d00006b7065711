import { Get, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import type { legalHoldView } from '@sargs/contracts';
import { consoleRecordsMessages } from '../i18n/console-records.messages';
import { formatDate, formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, FilterForm, PostForm, SelectField, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { NextPageLink, RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import { localPath, type PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { dateFieldToIso, isUuid, nextPageHref, query } from './records-kit';

const PATH = '/admin/legal-holds';

type LegalHoldView = z.infer<typeof legalHoldView>;

type Filters = { accountId: string; active: string };

interface Refusal {
  form: 'place' | 'filter';
  errors: FieldErrors;
  values?: { accountId: string; reason: string; until: string };
}

/**
 * `/admin/legal-holds` (R20): the holds, newest first, filtered by account and state; a form that
 * places one, and a button on each active hold that lifts it.
 */
@PageController()
export class LegalHoldsController {
  @Get('admin/legal-holds')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    await this.render(page);
  }

  @Post('admin/legal-holds')
  async place(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const m = consoleRecordsMessages[page.language];
    const values = { accountId: page.form.text('accountId').trim(), reason: page.form.text('reason'), until: page.form.text('until').trim() };
    const errors = page.controlCharacterErrors(['accountId', 'reason', 'until']);
    const until = values.until === '' ? undefined : dateFieldToIso(values.until, 'end');
    if (values.until !== '' && !until) errors.until ??= m.dateInvalid;
    if (Object.keys(errors).length > 0) return this.render(page, { form: 'place', errors, values });
    const answer = await page.call({ method: 'POST', path: '/admin/legal-holds', body: { accountId: values.accountId, reason: values.reason, ...(until ? { until } : {}) } });
    if (answer.status === 201) return page.redirect(`${PATH}?done=placed`);
    if (answer.status === 409) return this.render(page, { form: 'place', errors: { accountId: m.holdTooLate }, values });
    if (answer.status === 422) return this.render(page, { form: 'place', errors: page.fieldErrors(answer, 'reason'), values });
    throw page.failure(answer);
  }

  /** DELETE /admin/legal-holds/:id, then back to the list as it was filtered. */
  @Post('admin/legal-holds/:id/lift')
  async lift(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await page.requireStaff();
    if (!isUuid(id)) throw new PageError(404, 'not-found');
    const answer = await page.call({ method: 'DELETE', path: `/admin/legal-holds/${encodeURIComponent(id)}` });
    if (answer.status !== 204) throw page.failure(answer);
    const back = new URL(localPath(page.form.text('returnTo'), PATH), 'https://sargs.invalid');
    const target = back.pathname === PATH ? back : new URL(PATH, 'https://sargs.invalid');
    target.searchParams.delete('cursor');
    target.searchParams.set('done', 'lifted');
    page.redirect(`${target.pathname}${target.search}`);
  }

  private async render(page: PageContext, refusal?: Refusal): Promise<void> {
    const m = consoleRecordsMessages[page.language];
    const filters: Filters = { accountId: page.query('accountId').trim(), active: page.query('active') };
    let holds: LegalHoldView[] = [];
    let next: string | undefined;
    let filterErrors: FieldErrors = refusal?.form === 'filter' ? refusal.errors : {};
    // Only an id: anything else (free text, a pasted address) goes no further than this page.
    if (filters.accountId !== '' && !isUuid(filters.accountId)) {
      filterErrors = { accountId: page.t.fieldInvalid };
    } else {
      const answer = await page.call({ method: 'GET', path: `/admin/legal-holds?${query({ ...filters, cursor: page.query('cursor') })}` });
      if (answer.status === 200) {
        holds = answer.body as LegalHoldView[];
        next = nextPageHref(PATH, filters, answer.link);
      } else if (answer.status === 422) {
        filterErrors = page.fieldErrors(answer, 'accountId');
      } else {
        throw page.failure(answer);
      }
    }
    const placeErrors = refusal?.form === 'place' ? refusal.errors : {};
    const values = refusal?.values ?? { accountId: '', reason: '', until: '' };
    const done = page.query('done');
    const refused = Object.keys(placeErrors).length > 0 || Object.keys(filterErrors).length > 0;
    const returnTo = `${PATH}${filters.accountId || filters.active ? `?${query(filters)}` : ''}`;
    page.render(
      <Layout page={page} title={m.holdsTitle} section="console">
        <StatusMessage>{refused ? undefined : done === 'placed' ? m.holdPlaced : done === 'lifted' ? m.holdLifted : undefined}</StatusMessage>
        <h1>{m.holdsTitle}</h1>
        <p>{m.holdsIntro}</p>
        <section aria-labelledby="place-heading">
          <h2 id="place-heading">{m.placeHold}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={placeErrors} form="place" />
          <PostForm action={PATH}>
            <TextField form="place" name="accountId" label={m.accountId} hint={m.uuidHint} required maxLength={36} value={values.accountId} error={placeErrors.accountId} />
            <TextField form="place" name="reason" label={m.reason} hint={m.reasonHint} required maxLength={500} value={values.reason} error={placeErrors.reason} />
            <TextField form="place" name="until" type="date" label={m.until} hint={m.untilHint} value={values.until} error={placeErrors.until} />
            <button type="submit">{m.placeButton}</button>
          </PostForm>
        </section>
        <section aria-labelledby="holds-heading">
          <h2 id="holds-heading">{m.holdsList}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={filterErrors} form="filter" />
          <FilterForm action={PATH} label={m.filter} button={m.filter}>
            <TextField form="filter" name="accountId" label={m.accountId} maxLength={36} value={filters.accountId} error={filterErrors.accountId} />
            <SelectField
              form="filter"
              name="active"
              label={m.holdState}
              value={filters.active}
              error={filterErrors.active}
              options={[
                { value: '', label: m.any },
                { value: 'true', label: m.holdStateActive },
                { value: 'false', label: m.holdStateLifted },
              ]}
            />
          </FilterForm>
          <RecordTable
            rows={holds}
            empty={m.noHolds}
            rowKey={(hold) => hold.id}
            rowAttributes={(hold) => ({ 'data-hold-id': hold.id })}
            columns={[
              { header: m.accountId, class: 'hash', id: (hold) => `hold-${hold.id}`, cell: (hold) => hold.accountId },
              { header: m.reason, cell: (hold) => hold.reason },
              { header: m.placedAt, cell: (hold) => formatDateTime(page.language, hold.createdAt) },
              { header: m.untilColumn, cell: (hold) => (hold.until ? formatDate(page.language, hold.until) : '–') },
              {
                header: m.holdState,
                cell: (hold) =>
                  hold.releasedAt ? (
                    <>
                      {m.liftedAt}: <span class="released-at">{formatDateTime(page.language, hold.releasedAt)}</span>
                    </>
                  ) : (
                    <span class="badge warn">{m.holdStateActive}</span>
                  ),
              },
              {
                header: m.actions,
                cell: (hold) =>
                  !hold.releasedAt && (
                    <PostForm action={`${PATH}/${hold.id}/lift`} class="inline-form">
                      <input type="hidden" name="returnTo" value={returnTo} />
                      <button type="submit" class="secondary" aria-describedby={`hold-${hold.id}`}>
                        {m.liftButton}
                      </button>
                    </PostForm>
                  ),
              },
            ]}
          />
          <NextPageLink href={next} label={m.olderEntries} />
        </section>
      </Layout>,
      refused ? 422 : 200,
    );
  }
}
