import { Get, Param, Post } from '@nestjs/common';
import { PRIVACY_REQUEST_OUTCOMES, PRIVACY_REQUEST_RESPONSE_MAX, PRIVACY_REQUEST_STATUSES, type StaffPrivacyRequestView } from '@sargs/contracts';
import { consolePeopleMessages, type ConsolePeopleMessages } from '../i18n/console-people.messages';
import { formatDate, formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, FilterForm, PostForm, SelectField, StatusMessage, TextArea } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { type Column, NextPageLink, RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { excerpt, pathId } from './people-kit';
import { nextPageHref, query } from './records-kit';

const LIST = '/admin';
const SHOWN = ['open', 'answered', 'rejected', 'all'] as const;
type Shown = (typeof SHOWN)[number];

const DONE = { answered: 'requestAnswered', rejected: 'requestRejected' } as const;

interface Refusal {
  errors: FieldErrors;
  response: string;
  /** The request was closed before this answer (409): shown as it is now. */
  alreadyClosed?: boolean;
}

/** Overdue in words and as a badge, never by colour alone. */
function DueDate({ page, request }: { page: PageContext; request: StaffPrivacyRequestView }) {
  const m = consolePeopleMessages[page.language];
  const due = formatDate(page.language, request.dueAt);
  if (!request.overdue) return <>{due}</>;
  return (
    <>
      <strong class="badge warn">{m.overdue}</strong> <span class="overdue-text">{m.overdueSince(due)}</span>
    </>
  );
}

/**
 * `/admin`: the privacy requests (R12, R23), open ones by due date so the overdue lead, answered
 * and rejected ones newest first; `/admin/privacy-requests/:id`: one request with the form that
 * answers or rejects it (PATCH /admin/privacy-requests/:id).
 */
@PageController()
export class PrivacyRequestsConsoleController {
  @Get('admin')
  async list(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const m = consolePeopleMessages[page.language];
    const asked = page.query('status');
    const shown: Shown = (SHOWN as readonly string[]).includes(asked) ? (asked as Shown) : 'open';
    const status = (PRIVACY_REQUEST_STATUSES as readonly string[]).includes(shown) ? shown : undefined;
    const order = shown === 'open' ? 'due' : 'newest';
    const answer = await page.call({ method: 'GET', path: `/admin/privacy-requests?${query({ status, order, cursor: page.query('cursor') })}` });
    // Only a cursor this list did not give is refused: there is no such page.
    if (answer.status === 422) throw new PageError(404, 'not-found');
    if (answer.status !== 200) throw page.failure(answer);
    const requests = answer.body as StaffPrivacyRequestView[];
    const next = nextPageHref(LIST, { status: asked === '' ? '' : shown }, answer.link);
    const done = page.query('done');
    page.render(
      <Layout page={page} title={m.requestsTitle} section="console">
        <StatusMessage>{done in DONE ? m[DONE[done as keyof typeof DONE]] : undefined}</StatusMessage>
        <h1>{m.requestsTitle}</h1>
        <p>{m.requestsIntro}</p>
        <FilterForm action={LIST} label={m.show} button={m.showButton}>
          <SelectField
            form="filter"
            name="status"
            label={m.show}
            value={shown}
            options={[
              { value: 'open', label: m.showOpen },
              { value: 'answered', label: m.showAnswered },
              { value: 'rejected', label: m.showRejected },
              { value: 'all', label: m.showAll },
            ]}
          />
        </FilterForm>
        <section aria-labelledby="requests-heading">
          <h2 id="requests-heading">{m.requestsList}</h2>
          <RecordTable
            class="records requests"
            rows={requests}
            empty={m.noRequests}
            rowKey={(request) => request.id}
            rowAttributes={(request) => ({ 'data-request-id': request.id, class: request.overdue ? 'overdue' : undefined })}
            columns={requestColumns(page, m)}
          />
          <NextPageLink href={next} label={m.nextPage} />
        </section>
      </Layout>,
    );
  }

  @Get('admin/privacy-requests/:id')
  async show(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await page.requireStaff();
    await this.renderRequest(page, pathId(id));
  }

  /** `status` (the button pressed: answered or rejected) and `response`, as PATCH takes them. */
  @Post('admin/privacy-requests/:id')
  async answer(@Page() page: PageContext, @Param('id') rawId: string): Promise<void> {
    await page.requireStaff();
    const id = pathId(rawId);
    const response = page.form.text('response');
    const status = page.form.text('status');
    const errors = page.controlCharacterErrors(['response'], ['response']);
    if (Object.keys(errors).length > 0) return this.renderRequest(page, id, { errors, response });
    if (!(PRIVACY_REQUEST_OUTCOMES as readonly string[]).includes(status)) return this.renderRequest(page, id, { errors: { response: page.t.fieldInvalid }, response });
    const answer = await page.call({ method: 'PATCH', path: `/admin/privacy-requests/${id}`, body: { status, response } });
    if (answer.status === 200) return page.redirect(`${LIST}?done=${status}`);
    if (answer.status === 409) return this.renderRequest(page, id, { errors: {}, response, alreadyClosed: true });
    if (answer.status === 422) return this.renderRequest(page, id, { errors: page.fieldErrors(answer, 'response', { status: 'response' }), response });
    throw page.failure(answer);
  }

  private async renderRequest(page: PageContext, id: string, refusal?: Refusal): Promise<void> {
    const m = consolePeopleMessages[page.language];
    const request = await page.fetch<StaffPrivacyRequestView>({ method: 'GET', path: `/admin/privacy-requests/${id}` });
    const type = m.requestType(request.type);
    const errors = refusal?.errors ?? {};
    const action = `/admin/privacy-requests/${request.id}`;
    page.render(
      <Layout page={page} title={m.requestTitle(type)} section="console">
        {refusal?.alreadyClosed && (
          <div class="notice warn" role="alert">
            <p>{m.alreadyClosed}</p>
          </div>
        )}
        <h1>{m.requestTitle(type)}</h1>
        <section aria-labelledby="request-heading">
          <h2 id="request-heading">{m.requestDetails}</h2>
          <dl class="details">
            <dt>{m.type}</dt>
            <dd>{type}</dd>
            <dt>{m.status}</dt>
            <dd class="request-status">{m.requestStatus(request.status)}</dd>
            <dt>{m.receivedAt}</dt>
            <dd>{formatDateTime(page.language, request.createdAt)}</dd>
            <dt>{m.dueAt}</dt>
            <dd class="request-due">
              <DueDate page={page} request={request} />
            </dd>
            <dt>{m.account}</dt>
            <dd>
              <a href={`/admin/accounts/${request.accountId}`} class="hash">
                {request.accountId}
              </a>
            </dd>
            <dt>{m.message}</dt>
            <dd class="request-message multiline">{request.message}</dd>
            {request.status !== 'open' && (
              <>
                <dt>{m.answeredAt}</dt>
                <dd>{formatDateTime(page.language, request.answeredAt)}</dd>
                <dt>{m.response}</dt>
                <dd class="request-response multiline">{request.response}</dd>
              </>
            )}
          </dl>
        </section>
        {request.status === 'open' && (
          <section aria-labelledby="answer-heading">
            <h2 id="answer-heading">{m.answerHeading}</h2>
            <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} form="answer" />
            <PostForm action={action}>
              <TextArea
                form="answer"
                name="response"
                label={m.responseLabel}
                hint={m.responseHint}
                required
                rows={8}
                maxLength={PRIVACY_REQUEST_RESPONSE_MAX}
                value={refusal?.response ?? ''}
                error={errors.response}
              />
              <div class="actions">
                <button type="submit" name="status" value="answered">
                  {m.sendAnswer}
                </button>
                <button type="submit" name="status" value="rejected" class="secondary">
                  {m.reject}
                </button>
              </div>
            </PostForm>
          </section>
        )}
      </Layout>,
      refusal && !refusal.alreadyClosed ? 422 : refusal?.alreadyClosed ? 409 : 200,
    );
  }
}

/** The queue's columns, ending with the link that answers (or shows) each request. */
function requestColumns(page: PageContext, m: ConsolePeopleMessages): Array<Column<StaffPrivacyRequestView>> {
  const received = (request: StaffPrivacyRequestView) => formatDateTime(page.language, request.createdAt);
  return [
    { header: m.receivedAt, cell: received },
    { header: m.type, cell: (request) => m.requestType(request.type) },
    { header: m.status, cell: (request) => m.requestStatus(request.status) },
    { header: m.dueAt, class: 'request-due', cell: (request) => <DueDate page={page} request={request} /> },
    { header: m.message, class: 'request-message multiline', cell: (request) => excerpt(request.message, 200) },
    {
      header: m.actions,
      cell: (request) => {
        const type = m.requestType(request.type);
        const open = request.status === 'open';
        return (
          <a href={`/admin/privacy-requests/${request.id}`} aria-label={open ? m.answerLinkLabel(type, received(request)) : m.viewLinkLabel(type, received(request))}>
            {open ? m.answerLink : m.viewLink}
          </a>
        );
      },
    },
  ];
}
