import { Get, Param, Post } from '@nestjs/common';
import { MAX_LISTED_RECIPIENTS, type BroadcastStatusView } from '@sargs/contracts';
import { consolePeopleMessages } from '../i18n/console-people.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, SelectField, StatusMessage, TextArea, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { NextPageLink, RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { broadcastColumns, type BroadcastSummary, DeliveryCounters, pathId, StaffLink, staffNames } from './people-kit';
import { isUuid, nextPageHref, query } from './records-kit';

const LIST = '/admin/incidents';

interface Declaration {
  title: string;
  'message.lv': string;
  'message.en': string;
  audience: string;
  accountIds: string;
}

const EMPTY: Declaration = { title: '', 'message.lv': '', 'message.en': '', audience: 'all', accountIds: '' };

/** The API names a listed audience's problems under `audience…`: the form shows them at the id list. */
function formFieldOf(apiField: string): string {
  return apiField.startsWith('audience') ? 'accountIds' : apiField;
}

/**
 * `/admin/incidents`: declare a security incident (R17) to every active account or to listed
 * ones, and the incidents declared; `/admin/incidents/:id`: one incident's delivery counts,
 * live with JavaScript (sargs.js polls the API), a refresh link without.
 */
@PageController()
export class IncidentsConsoleController {
  @Get('admin/incidents')
  async list(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    await this.renderList(page, EMPTY, {});
  }

  /** `title`, `message.lv`, `message.en`, `audience` (all or listed) and `accountIds` (one a line). */
  @Post('admin/incidents')
  async declare(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const m = consolePeopleMessages[page.language];
    const form: Declaration = {
      title: page.form.text('title'),
      'message.lv': page.form.text('message.lv'),
      'message.en': page.form.text('message.en'),
      audience: page.form.text('audience') === 'listed' ? 'listed' : 'all',
      accountIds: page.form.text('accountIds'),
    };
    const errors = page.controlCharacterErrors(['title', 'message.lv', 'message.en', 'accountIds'], ['message.lv', 'message.en', 'accountIds']);
    let accountIds: string[] = [];
    if (form.audience === 'listed' && !errors.accountIds) {
      const lines = form.accountIds.split('\n').map((line) => line.trim());
      const bad = lines.findIndex((line) => line !== '' && !isUuid(line));
      accountIds = lines.filter((line) => line !== '');
      if (bad >= 0) errors.accountIds = m.accountIdsInvalid(bad + 1);
      else if (accountIds.length === 0) errors.accountIds = m.accountIdsMissing;
      else if (accountIds.length > MAX_LISTED_RECIPIENTS) errors.accountIds = m.accountIdsTooMany;
    }
    if (Object.keys(errors).length > 0) return this.renderList(page, form, errors);
    const answer = await page.call({
      method: 'POST',
      path: '/admin/incidents',
      body: { title: form.title, message: { lv: form['message.lv'], en: form['message.en'] }, audience: form.audience === 'all' ? 'all' : { accountIds } },
    });
    if (answer.status === 202) return page.redirect(`${LIST}/${(answer.body as { id: string }).id}?done=declared`);
    if (answer.status === 422) {
      const refused = page.fieldErrors(answer, 'title');
      return this.renderList(page, form, Object.fromEntries(Object.entries(refused).map(([field, message]) => [formFieldOf(field), message])));
    }
    throw page.failure(answer);
  }

  @Get('admin/incidents/:id')
  async show(@Page() page: PageContext, @Param('id') rawId: string): Promise<void> {
    await page.requireStaff();
    const m = consolePeopleMessages[page.language];
    const id = pathId(rawId);
    const incident = await page.fetch<BroadcastStatusView>({ method: 'GET', path: `/admin/incidents/${id}` });
    const names = await staffNames(page, [incident.createdBy]);
    const title = m.incidentPageTitle(incident.title ?? '');
    page.render(
      <Layout page={page} title={title} section="console">
        <StatusMessage>{page.query('done') === 'declared' ? m.incidentDeclared : undefined}</StatusMessage>
        <h1>{title}</h1>
        <dl class="details">
          <dt>{m.declaredAt}</dt>
          <dd>{formatDateTime(page.language, incident.createdAt)}</dd>
          <dt>{m.by}</dt>
          <dd>
            <StaffLink page={page} id={incident.createdBy} names={names} />
          </dd>
        </dl>
        <section aria-labelledby="delivery-heading">
          <h2 id="delivery-heading">{m.deliveryHeading}</h2>
          <p>{m.deliveryIntro}</p>
          <DeliveryCounters page={page} counts={incident} liveUrl={`/api/v1/admin/incidents/${id}`} refreshHref={`${LIST}/${id}`} />
        </section>
        <p>
          <a href={LIST}>{m.backToIncidents}</a>
        </p>
      </Layout>,
    );
  }

  private async renderList(page: PageContext, form: Declaration, errors: FieldErrors): Promise<void> {
    const m = consolePeopleMessages[page.language];
    const answer = await page.call({ method: 'GET', path: `/admin/incidents?${query({ cursor: page.query('cursor') })}` });
    if (answer.status === 422) throw new PageError(404, 'not-found');
    if (answer.status !== 200) throw page.failure(answer);
    const incidents = answer.body as BroadcastSummary[];
    const next = nextPageHref(LIST, {}, answer.link);
    const names = await staffNames(
      page,
      incidents.map((incident) => incident.createdBy),
    );
    const refused = Object.keys(errors).length > 0;
    page.render(
      <Layout page={page} title={m.incidentsTitle} section="console">
        <h1>{m.incidentsTitle}</h1>
        <p>{m.incidentsIntro}</p>
        <section aria-labelledby="declare-heading">
          <h2 id="declare-heading">{m.declareHeading}</h2>
          <ErrorSummary
            title={page.t.errorSummaryTitle}
            errors={errors}
            form="declare"
            labels={{ title: m.incidentTitle, 'message.lv': m.messageLv, 'message.en': m.messageEn, accountIds: m.accountIds }}
          />
          <PostForm action={LIST}>
            <TextField form="declare" name="title" label={m.incidentTitle} hint={m.incidentTitleHint} required maxLength={200} value={form.title} error={errors.title} />
            <TextArea form="declare" name="message.lv" label={m.messageLv} hint={m.messageHint} required rows={6} maxLength={20_000} value={form['message.lv']} error={errors['message.lv']} />
            <TextArea form="declare" name="message.en" label={m.messageEn} hint={m.messageHint} required rows={6} maxLength={20_000} value={form['message.en']} error={errors['message.en']} />
            <SelectField
              form="declare"
              name="audience"
              label={m.audience}
              value={form.audience}
              error={errors.audience}
              options={[
                { value: 'all', label: m.audienceAll },
                { value: 'listed', label: m.audienceListed },
              ]}
            />
            <TextArea form="declare" name="accountIds" label={m.accountIds} hint={m.accountIdsHint} rows={4} value={form.accountIds} error={errors.accountIds} />
            <button type="submit">{m.declareButton}</button>
          </PostForm>
        </section>
        <section aria-labelledby="incidents-heading">
          <h2 id="incidents-heading">{m.incidentsList}</h2>
          <RecordTable
            rows={incidents}
            empty={m.noIncidents}
            rowKey={(incident) => incident.id}
            rowAttributes={(incident) => ({ 'data-incident-id': incident.id })}
            columns={broadcastColumns(page, names, { title: m.incidentTitle, at: m.declaredAt, by: m.by }, (incident) => (
              <a href={`${LIST}/${incident.id}`}>{incident.title}</a>
            ))}
          />
          <NextPageLink href={next} label={m.nextPage} />
        </section>
      </Layout>,
      refused ? 422 : 200,
    );
  }
}
