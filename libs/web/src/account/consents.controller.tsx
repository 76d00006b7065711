import { Get, Post } from '@nestjs/common';
import { consentsMessages } from '../i18n/account-pages.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { RadioGroup } from './account-kit';

type Method = 'signup' | 'account-page' | 'unsubscribe-link' | 'staff';

/** GET /me/consents */
interface MyConsents {
  purposes: Array<{ purpose: string; granted: boolean; policyVersion: string | null; updatedAt: string | null }>;
  history: Array<{ purpose: string; granted: boolean; method: Method; policyVersion: string; policySha256: string; at: string }>;
}

const MARKETING = 'marketing-email';
type Messages = (typeof consentsMessages)['en'];

const METHOD = {
  signup: 'methodSignup',
  'account-page': 'methodAccountPage',
  'unsubscribe-link': 'methodUnsubscribeLink',
  staff: 'methodStaff',
} as const satisfies Record<Method, keyof Messages>;

/** How a record was made, in the page's language (the method itself if the ledger gains a new one). */
function methodName(m: Messages, method: string): string {
  return method in METHOD ? m[METHOD[method as Method]] : method;
}

/** `/account/consents`: the marketing choice (PUT /me/consents/marketing-email) and the whole ledger. */
@PageController()
export class ConsentsController {
  @Get('account/consents')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    await this.renderConsents(page, {});
  }

  @Post('account/consents')
  async save(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const choice = page.form.text('granted');
    if (choice !== 'true' && choice !== 'false') return this.renderConsents(page, { granted: consentsMessages[page.language].chooseOne });
    const answer = await page.call({ method: 'PUT', path: `/me/consents/${MARKETING}`, body: { granted: choice === 'true' } });
    if (answer.status === 422) return this.renderConsents(page, page.fieldErrors(answer, 'granted'));
    if (answer.status !== 200) throw page.failure(answer);
    page.redirect(`/account/consents?done=${choice === 'true' ? 'granted' : 'withdrawn'}`);
  }

  private async renderConsents(page: PageContext, errors: FieldErrors): Promise<void> {
    const m = consentsMessages[page.language];
    const consents = await page.fetch<MyConsents>({ method: 'GET', path: '/me/consents' });
    const marketing = consents.purposes.find((p) => p.purpose === MARKETING) ?? { granted: false, policyVersion: null, updatedAt: null };
    const done = page.query('done');
    const refused = Object.keys(errors).length > 0;
    page.render(
      <Layout page={page} title={m.title} section="account">
        <StatusMessage>{refused ? undefined : done === 'granted' ? m.granted : done === 'withdrawn' ? m.withdrawn : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <section aria-labelledby="marketing-heading">
          <h2 id="marketing-heading">{m.marketingHeading}</h2>
          <p class="consent-state">
            {marketing.granted ? m.receiving : m.notReceiving}
            {marketing.updatedAt && marketing.policyVersion && <> {m.since(formatDateTime(page.language, marketing.updatedAt), marketing.policyVersion)}</>}
          </p>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ granted: m.choiceLegend }} />
          <PostForm action="/account/consents">
            <RadioGroup
              name="granted"
              legend={m.choiceLegend}
              hint={m.choiceHint}
              value={refused ? undefined : String(marketing.granted)}
              error={errors.granted}
              options={[
                { value: 'true', label: m.grant },
                { value: 'false', label: m.withdraw },
              ]}
            />
            <button type="submit">{m.save}</button>
          </PostForm>
        </section>
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{m.historyHeading}</h2>
          <p>{m.historyIntro}</p>
          <RecordTable
            class="consent-history"
            caption={m.historyCaption}
            rows={consents.history}
            empty={m.noHistory}
            rowKey={(_record, index) => index}
            columns={[
              { header: m.at, cell: (record) => formatDateTime(page.language, record.at) },
              { header: m.purpose, cell: (record) => (record.purpose === MARKETING ? m.purposeMarketing : record.purpose) },
              { header: m.choice, cell: (record) => (record.granted ? m.recordGranted : m.recordWithdrawn) },
              { header: m.method, cell: (record) => methodName(m, record.method) },
              { header: m.policyVersion, cell: (record) => record.policyVersion },
              { header: m.policySha256, class: 'hash', cell: (record) => record.policySha256 },
            ]}
          />
        </section>
      </Layout>,
      refused ? 422 : 200,
    );
  }
}
