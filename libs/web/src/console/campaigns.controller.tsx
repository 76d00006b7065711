import { Get, Param, Post } from '@nestjs/common';
import type { BroadcastStatusView } from '@sargs/contracts';
import { consolePeopleMessages } from '../i18n/console-people.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage, TextArea, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { NextPageLink, RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { broadcastColumns, type BroadcastSummary, DeliveryCounters, pathId, StaffLink, staffNames } from './people-kit';
import { nextPageHref, query } from './records-kit';

const LIST = '/admin/campaigns';

const FIELDS = ['subject.lv', 'subject.en', 'body.lv', 'body.en'] as const;
type Campaign = Record<(typeof FIELDS)[number], string>;

const EMPTY: Campaign = { 'subject.lv': '', 'subject.en': '', 'body.lv': '', 'body.en': '' };

/**
 * `/admin/campaigns`: send a marketing campaign (R18: only to current opt-ins) and the campaigns
 * sent; `/admin/campaigns/:id`: one campaign's subject and delivery counts (live, as incidents).
 */
@PageController()
export class CampaignsConsoleController {
  @Get('admin/campaigns')
  async list(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    await this.renderList(page, EMPTY, {});
  }

  /** `subject.lv`, `subject.en`, `body.lv`, `body.en`: POST /admin/campaigns {subject, body}. */
  @Post('admin/campaigns')
  async send(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const form = Object.fromEntries(FIELDS.map((field) => [field, page.form.text(field)])) as Campaign;
    const errors = page.controlCharacterErrors([...FIELDS], ['body.lv', 'body.en']);
    if (Object.keys(errors).length > 0) return this.renderList(page, form, errors);
    const answer = await page.call({
      method: 'POST',
      path: '/admin/campaigns',
      body: { subject: { lv: form['subject.lv'], en: form['subject.en'] }, body: { lv: form['body.lv'], en: form['body.en'] } },
    });
    if (answer.status === 202) return page.redirect(`${LIST}/${(answer.body as { id: string }).id}?done=sent`);
    if (answer.status === 422) return this.renderList(page, form, page.fieldErrors(answer, 'subject.lv'));
    throw page.failure(answer);
  }

  @Get('admin/campaigns/:id')
  async show(@Page() page: PageContext, @Param('id') rawId: string): Promise<void> {
    await page.requireStaff();
    const m = consolePeopleMessages[page.language];
    const id = pathId(rawId);
    const campaign = await page.fetch<BroadcastStatusView>({ method: 'GET', path: `/admin/campaigns/${id}` });
    const names = await staffNames(page, [campaign.createdBy]);
    const title = m.campaignPageTitle(campaign.subject?.[page.language] ?? '');
    page.render(
      <Layout page={page} title={title} section="console">
        <StatusMessage>{page.query('done') === 'sent' ? m.campaignSent : undefined}</StatusMessage>
        <h1>{title}</h1>
        <dl class="details">
          <dt>{m.subjectLv}</dt>
          <dd lang="lv">{campaign.subject?.lv}</dd>
          <dt>{m.subjectEn}</dt>
          <dd lang="en">{campaign.subject?.en}</dd>
          <dt>{m.sentAt}</dt>
          <dd>{formatDateTime(page.language, campaign.createdAt)}</dd>
          <dt>{m.sentBy}</dt>
          <dd>
            <StaffLink page={page} id={campaign.createdBy} names={names} />
          </dd>
        </dl>
        <section aria-labelledby="delivery-heading">
          <h2 id="delivery-heading">{m.deliveryHeading}</h2>
          <p>{m.campaignSkipped}</p>
          <DeliveryCounters page={page} counts={campaign} liveUrl={`/api/v1/admin/campaigns/${id}`} refreshHref={`${LIST}/${id}`} />
        </section>
        <p>
          <a href={LIST}>{m.backToCampaigns}</a>
        </p>
      </Layout>,
    );
  }

  private async renderList(page: PageContext, form: Campaign, errors: FieldErrors): Promise<void> {
    const m = consolePeopleMessages[page.language];
    const answer = await page.call({ method: 'GET', path: `/admin/campaigns?${query({ cursor: page.query('cursor') })}` });
    if (answer.status === 422) throw new PageError(404, 'not-found');
    if (answer.status !== 200) throw page.failure(answer);
    const campaigns = answer.body as BroadcastSummary[];
    const next = nextPageHref(LIST, {}, answer.link);
    const names = await staffNames(
      page,
      campaigns.map((campaign) => campaign.createdBy),
    );
    const labels = { 'subject.lv': m.subjectLv, 'subject.en': m.subjectEn, 'body.lv': m.bodyLv, 'body.en': m.bodyEn };
    page.render(
      <Layout page={page} title={m.campaignsTitle} section="console">
        <h1>{m.campaignsTitle}</h1>
        <p>{m.campaignsIntro}</p>
        <section aria-labelledby="send-heading">
          <h2 id="send-heading">{m.createCampaignHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} form="campaign" labels={labels} />
          <PostForm action={LIST}>
            <TextField form="campaign" name="subject.lv" label={m.subjectLv} hint={m.subjectHint} required maxLength={200} value={form['subject.lv']} error={errors['subject.lv']} />
            <TextField form="campaign" name="subject.en" label={m.subjectEn} hint={m.subjectHint} required maxLength={200} value={form['subject.en']} error={errors['subject.en']} />
            <TextArea form="campaign" name="body.lv" label={m.bodyLv} hint={m.bodyHint} required rows={8} maxLength={50_000} value={form['body.lv']} error={errors['body.lv']} />
            <TextArea form="campaign" name="body.en" label={m.bodyEn} hint={m.bodyHint} required rows={8} maxLength={50_000} value={form['body.en']} error={errors['body.en']} />
            <button type="submit">{m.sendCampaign}</button>
          </PostForm>
        </section>
        <section aria-labelledby="campaigns-heading">
          <h2 id="campaigns-heading">{m.campaignsList}</h2>
          <RecordTable
            rows={campaigns}
            empty={m.noCampaigns}
            rowKey={(campaign) => campaign.id}
            rowAttributes={(campaign) => ({ 'data-campaign-id': campaign.id })}
            columns={broadcastColumns(page, names, { title: m.subject, at: m.sentAt, by: m.sentBy }, (campaign) => (
              <a href={`${LIST}/${campaign.id}`}>{campaign.subject?.[page.language]}</a>
            ))}
          />
          <NextPageLink href={next} label={m.nextPage} />
        </section>
      </Layout>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }
}
