import { Get, Param, Post } from '@nestjs/common';
import { DATA_SUBJECT_REQUEST_TYPES, type DataSubjectRequestSummary, type DataSubjectRequestView } from '@sargs/contracts';
import { subjectRequestsMessages } from '../i18n/organisations.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { NextPageLink, RecordTable } from '../layout/record-table';
import { nextPageHref, query } from '../console/records-kit';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { RadioGroup } from '../account/account-kit';
import { MANAGERS, OrgLayout, orgScope, type OrgScope } from './org-kit';
import { countRecords, sumCounts } from './subject-result';

/** A page of the list: each completed request's result is read too (one call each), so pages stay short. */
const PAGE_SIZE = 20;

interface Values {
  email: string;
  type: string;
}

/**
 * `/orgs/:id/requests`: the organisation, as controller, answers a person (GDPR Art. 15, 17):
 * POST /orgs/:id/data-subject-requests gathers (access) or deletes (erasure) what this
 * organisation holds about an address; the list shows each one's state and a summary of its
 * result, the records themselves behind a disclosure.
 */
@PageController()
export class SubjectRequestsController {
  @Get('orgs/:id/requests')
  async show(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await this.render(page, await orgScope(page, id, MANAGERS), { email: '', type: '' }, {});
  }

  @Post('orgs/:id/requests')
  async create(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id, MANAGERS);
    const m = subjectRequestsMessages[page.language];
    const values: Values = { email: page.form.text('email'), type: page.form.text('type') };
    const errors = page.controlCharacterErrors(['email']);
    if (!(DATA_SUBJECT_REQUEST_TYPES as readonly string[]).includes(values.type)) errors.type = m.chooseType;
    if (Object.keys(errors).length > 0) return this.render(page, scope, values, errors);
    const answer = await page.call({ method: 'POST', path: `/orgs/${scope.id}/data-subject-requests`, body: values });
    if (answer.status === 422) return this.render(page, scope, values, page.fieldErrors(answer, 'email'));
    if (answer.status !== 202) throw page.failure(answer);
    page.redirect(`/orgs/${scope.id}/requests?done=sent`);
  }

  private async render(page: PageContext, scope: OrgScope, values: Values, errors: FieldErrors): Promise<void> {
    const m = subjectRequestsMessages[page.language];
    const base = `/orgs/${scope.id}/data-subject-requests`;
    const listed = await page.call({ method: 'GET', path: `${base}?${query({ limit: String(PAGE_SIZE), cursor: page.query('cursor') })}` });
    // A cursor this list never gave: no such page.
    if (listed.status === 422) throw new PageError(404, 'not-found');
    if (listed.status !== 200) throw page.failure(listed);
    const requests = await withResults(page, base, listed.body as DataSubjectRequestSummary[]);
    const next = nextPageHref(`/orgs/${scope.id}/requests`, {}, listed.link);
    const refused = Object.keys(errors).length > 0;
    page.render(
      <OrgLayout page={page} scope={scope} title={m.title}>
        <StatusMessage>{!refused && page.query('done') === 'sent' ? m.sent : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        <section aria-labelledby="new-heading">
          <h2 id="new-heading">{m.newHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ email: m.email, type: m.typeLegend }} />
          <PostForm action={`/orgs/${scope.id}/requests`}>
            <TextField name="email" type="email" label={m.email} autocomplete="off" required maxLength={254} value={values.email} error={errors.email} />
            <RadioGroup
              name="type"
              legend={m.typeLegend}
              value={values.type}
              error={errors.type}
              options={[
                { value: 'access', label: m.typeAccess },
                { value: 'erasure', label: m.typeErasure },
              ]}
            />
            <button type="submit">{m.send}</button>
          </PostForm>
        </section>
        <section aria-labelledby="requests-heading">
          <h2 id="requests-heading">{m.listHeading}</h2>
          <RecordTable
            class="subject-requests"
            caption={m.caption}
            rows={requests}
            empty={m.none}
            rowKey={(request) => request.id}
            rowAttributes={(request) => ({ 'data-request-id': request.id, 'data-status': request.status, 'data-type': request.type })}
            columns={[
              { header: m.requestedAt, rowHeader: true, cell: (request) => formatDateTime(page.language, request.requestedAt) },
              { header: m.email, cell: (request) => request.email ?? m.addressErased },
              { header: m.type, cell: (request) => m[request.type] },
              {
                header: m.status,
                cell: (request) => (
                  <>
                    <span class="badge">{m[request.status]}</span>
                    {request.overdue && <span class="badge warn">{m.overdue}</span>}
                  </>
                ),
              },
              { header: m.result, class: 'result', cell: (request) => <ResultSummary page={page} request={request} /> },
            ]}
          />
          <NextPageLink href={next} label={m.older} />
        </section>
      </OrgLayout>,
      refused ? 422 : 200,
    );
  }
}

/** How many records an access request found, or an erasure deleted; the found records behind a disclosure. */
function ResultSummary({ page, request }: { page: PageContext; request: DataSubjectRequestView | DataSubjectRequestSummary }) {
  const m = subjectRequestsMessages[page.language];
  if (request.status !== 'completed') return <>{m.noResultYet}</>;
  if (!('result' in request) || request.result === undefined) return <>{m.resultGone}</>;
  if (request.type === 'erasure') return <span class="result-count">{m.erased(sumCounts(request.result))}</span>;
  return (
    <>
      <span class="result-count">{m.found(countRecords(request.result))}</span>
      <details>
        <summary>{m.showRecords}</summary>
        <pre class="certificate">{JSON.stringify(request.result, null, 2)}</pre>
        {request.resultExpiresAt && <p class="hint">{m.resultExpires(formatDateTime(page.language, request.resultExpiresAt))}</p>}
      </details>
    </>
  );
}

/**
 * Each completed request with its result (GET .../:rid): the list itself carries none. A request
 * that cannot be read just now is shown as listed.
 */
async function withResults(page: PageContext, base: string, requests: DataSubjectRequestSummary[]): Promise<Array<DataSubjectRequestView | DataSubjectRequestSummary>> {
  return Promise.all(
    requests.map(async (request) => {
      if (request.status !== 'completed') return request;
      const answer = await page.call({ method: 'GET', path: `${base}/${request.id}` });
      return answer.status === 200 ? (answer.body as DataSubjectRequestView) : request;
    }),
  );
}
