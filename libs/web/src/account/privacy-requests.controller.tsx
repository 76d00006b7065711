import { Get, Post } from '@nestjs/common';
import { PRIVACY_REQUEST_MESSAGE_MAX, PRIVACY_REQUEST_TYPES, type PrivacyRequestStatus, type PrivacyRequestType } from '@sargs/contracts';
import { privacyRequestsMessages } from '../i18n/account-pages.messages';
import { formatDate, formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage, TextArea } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { isUuid, RadioGroup } from './account-kit';

/** One entry of GET /me/privacy-requests. */
interface PrivacyRequestView {
  id: string;
  type: PrivacyRequestType;
  status: PrivacyRequestStatus;
  dueAt: string;
  createdAt: string;
  response?: string;
  answeredAt?: string;
}

type Messages = (typeof privacyRequestsMessages)['en'];

const TYPE_OPTION: Record<PrivacyRequestType, keyof Messages> = {
  access: 'typeAccess',
  rectification: 'typeRectification',
  erasure: 'typeErasure',
  objection: 'typeObjection',
  question: 'typeQuestion',
};

interface Values {
  type: string;
  message: string;
}

/** `/privacy-requests`: ask the controller (POST /privacy-requests) and read my requests' answers. */
@PageController()
export class PrivacyRequestsController {
  @Get('privacy-requests')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    await this.renderRequests(page, { type: '', message: '' }, {});
  }

  @Post('privacy-requests')
  async create(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const m = privacyRequestsMessages[page.language];
    const values: Values = { type: page.form.text('type'), message: page.form.text('message') };
    const errors: FieldErrors = page.controlCharacterErrors(['message'], ['message']);
    if (!(PRIVACY_REQUEST_TYPES as readonly string[]).includes(values.type)) errors.type = m.chooseType;
    if (!errors.message && values.message.trim() === '') errors.message = page.t.fieldRequired;
    if (Object.keys(errors).length > 0) return this.renderRequests(page, values, errors);
    const answer = await page.call({ method: 'POST', path: '/privacy-requests', body: values });
    if (answer.status === 422) return this.renderRequests(page, values, page.fieldErrors(answer, 'message'));
    if (answer.status !== 201) throw page.failure(answer);
    const { id } = answer.body as { id: string };
    page.redirect(`/privacy-requests?done=sent&id=${encodeURIComponent(id)}`);
  }

  private async renderRequests(page: PageContext, values: Values, errors: FieldErrors): Promise<void> {
    const m = privacyRequestsMessages[page.language];
    const requests = await page.fetch<PrivacyRequestView[]>({ method: 'GET', path: '/me/privacy-requests' });
    const refused = Object.keys(errors).length > 0;
    const sentId = page.query('id');
    const sent = !refused && page.query('done') === 'sent' ? requests.find((r) => isUuid(sentId) && r.id === sentId.toLowerCase()) : undefined;
    page.render(
      <Layout page={page} title={m.title} section="account">
        <StatusMessage>{refused || page.query('done') !== 'sent' ? undefined : sent ? m.sent(formatDate(page.language, sent.dueAt)) : m.sentNoDate}</StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        <section aria-labelledby="new-request-heading">
          <h2 id="new-request-heading">{m.newHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ type: m.typeLegend, message: m.message }} />
          <PostForm action="/privacy-requests">
            <RadioGroup
              name="type"
              legend={m.typeLegend}
              value={values.type}
              error={errors.type}
              options={PRIVACY_REQUEST_TYPES.map((type) => ({ value: type, label: m[TYPE_OPTION[type]] as string }))}
            />
            <TextArea name="message" label={m.message} hint={m.messageHint} required rows={6} maxLength={PRIVACY_REQUEST_MESSAGE_MAX} value={values.message} error={errors.message} />
            <button type="submit">{m.send}</button>
          </PostForm>
        </section>
        <section aria-labelledby="requests-heading">
          <h2 id="requests-heading">{m.listHeading}</h2>
          <RecordTable
            class="privacy-requests"
            caption={m.caption}
            rows={requests}
            empty={m.none}
            rowKey={(request) => request.id}
            rowAttributes={(request) => ({ 'data-request-id': request.id, 'data-status': request.status })}
            columns={[
              { header: m.receivedAt, rowHeader: true, cell: (request) => formatDateTime(page.language, request.createdAt) },
              { header: m.type, cell: (request) => m[request.type] as string },
              { header: m.status, cell: (request) => <span class={request.status === 'rejected' ? 'badge warn' : 'badge'}>{m[request.status] as string}</span> },
              { header: m.dueAt, cell: (request) => formatDate(page.language, request.dueAt) },
              {
                header: m.answer,
                cell: (request) =>
                  request.response ? (
                    <>
                      <p class="multiline">{request.response}</p>
                      <p class="hint">{m.answeredAt(formatDateTime(page.language, request.answeredAt))}</p>
                    </>
                  ) : (
                    m.noAnswerYet
                  ),
              },
            ]}
          />
        </section>
      </Layout>,
      refused ? 422 : 200,
    );
  }
}
