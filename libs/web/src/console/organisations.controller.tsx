import { Get, Param, Post } from '@nestjs/common';
import { VERIFICATION_METHODS, type StaffOrganizationView } from '@sargs/contracts';
import { consoleOrgsMessages, orgCommonMessages } from '../i18n/organisations.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, FilterForm, PostForm, SelectField, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { methodName } from '../orgs/org-kit';
import { pathId } from './people-kit';
import { query } from './records-kit';

const PATH = '/admin/orgs';

interface Values {
  method: string;
  evidenceSha256: string;
}

/**
 * `/admin/orgs`: organisations by registration number, with their verification; and
 * `/admin/orgs/:id?registrationNumber=`, a form that records a verification (POST
 * /admin/orgs/:id/verification: how it was checked and the evidence's SHA-256, R3). Staff who are
 * not members see an organisation only through these lookups (docs/api.md).
 */
@PageController()
export class OrganisationsConsoleController {
  @Get('admin/orgs')
  async search(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const m = consoleOrgsMessages[page.language];
    const c = orgCommonMessages[page.language];
    const registrationNumber = page.query('registrationNumber').trim();
    let orgs: StaffOrganizationView[] | undefined;
    let errors: FieldErrors = {};
    if (registrationNumber !== '') {
      const answer = await page.call({ method: 'GET', path: `${PATH}?${query({ registrationNumber })}` });
      if (answer.status === 422) errors = page.fieldErrors(answer, 'registrationNumber');
      else if (answer.status !== 200) throw page.failure(answer);
      else orgs = answer.body as StaffOrganizationView[];
    }
    const refused = Object.keys(errors).length > 0;
    page.render(
      <Layout page={page} title={m.title} section="console">
        <StatusMessage>{!refused && page.query('done') === 'verified' ? m.verified : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        <section aria-labelledby="search-heading">
          <h2 id="search-heading">{m.searchHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} form="search" labels={{ registrationNumber: m.registrationNumber }} />
          <FilterForm action={PATH} label={m.searchHeading} button={m.searchButton}>
            <TextField form="search" name="registrationNumber" label={m.registrationNumber} hint={m.registrationNumberHint} inputmode="numeric" required value={registrationNumber} error={errors.registrationNumber} />
          </FilterForm>
        </section>
        {orgs === undefined ? (
          !refused && <p>{m.enterNumber}</p>
        ) : (
          <RecordTable
            class="records organisations"
            caption={m.caption(registrationNumber)}
            rows={orgs}
            empty={m.none}
            rowKey={(org) => org.id}
            rowAttributes={(org) => ({ 'data-org-id': org.id, 'data-verification': org.verification.status })}
            columns={[
              { header: m.name, rowHeader: true, id: (org) => `org-${org.id}`, cell: (org) => org.name },
              { header: m.registrationNumber, cell: (org) => org.registrationNumber },
              {
                header: m.verification,
                class: 'verification',
                cell: (org) =>
                  org.verification.status === 'verified' ? (
                    m.verifiedOn(formatDateTime(page.language, org.verification.verifiedAt), org.verification.method ? methodName(page, org.verification.method) : c.none)
                  ) : (
                    <span class="badge warn">{m.unverified}</span>
                  ),
              },
              {
                header: m.actions,
                cell: (org) => (
                  <a href={`${PATH}/${org.id}?${query({ registrationNumber })}`} aria-describedby={`org-${org.id}`}>
                    {m.verifyLink}
                  </a>
                ),
              },
            ]}
          />
        )}
      </Layout>,
      refused ? 422 : 200,
    );
  }

  @Get('admin/orgs/:id')
  async show(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await page.requireStaff();
    await this.renderVerify(page, pathId(id), page.query('registrationNumber').trim());
  }

  @Post('admin/orgs/:id/verification')
  async verify(@Page() page: PageContext, @Param('id') rawId: string): Promise<void> {
    await page.requireStaff();
    const id = pathId(rawId);
    const registrationNumber = page.form.text('registrationNumber').trim();
    const values: Values = { method: page.form.text('method'), evidenceSha256: page.form.text('evidenceSha256').trim() };
    const errors = page.controlCharacterErrors(['evidenceSha256']);
    if (!(VERIFICATION_METHODS as readonly string[]).includes(values.method)) errors.method = consoleOrgsMessages[page.language].chooseMethod;
    if (Object.keys(errors).length > 0) return this.renderVerify(page, id, registrationNumber, { values, errors });
    const answer = await page.call({ method: 'POST', path: `${PATH}/${id}/verification`, body: values });
    if (answer.status === 200) return page.redirect(`${PATH}?${query({ registrationNumber, done: 'verified' })}`);
    if (answer.status === 422) return this.renderVerify(page, id, registrationNumber, { values, errors: page.fieldErrors(answer, 'method') });
    throw page.failure(answer);
  }

  /** The organisation among those with this registration number; none found (or a number that is none) is the 404 page. */
  private async lookUp(page: PageContext, id: string, registrationNumber: string): Promise<StaffOrganizationView | undefined> {
    if (registrationNumber === '') return undefined;
    const answer = await page.call({ method: 'GET', path: `${PATH}?${query({ registrationNumber })}` });
    if (answer.status === 422) return undefined;
    if (answer.status !== 200) throw page.failure(answer);
    return (answer.body as StaffOrganizationView[]).find((candidate) => candidate.id === id);
  }

  /**
   * The organisation as the staff lookup shows it (there is no staff view of one organisation by
   * id alone: the search by registration number is the way in), and the verification form.
   */
  private async renderVerify(page: PageContext, id: string, registrationNumber: string, refusal?: { values: Values; errors: FieldErrors }): Promise<void> {
    const m = consoleOrgsMessages[page.language];
    const c = orgCommonMessages[page.language];
    const org = await this.lookUp(page, id, registrationNumber);
    if (!org) throw new PageError(404, 'not-found');
    const errors = refusal?.errors ?? {};
    const values = refusal?.values ?? { method: '', evidenceSha256: '' };
    const verified = org.verification.status === 'verified';
    page.render(
      <Layout page={page} title={m.verifyTitle(org.name)} section="console">
        <h1>{m.verifyTitle(org.name)}</h1>
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{m.detailsHeading}</h2>
          <dl class="details">
            <dt>{m.name}</dt>
            <dd>{org.name}</dd>
            <dt>{m.registrationNumber}</dt>
            <dd>{org.registrationNumber}</dd>
            <dt>{m.verification}</dt>
            <dd class="verification">{verified ? m.verifiedOn(formatDateTime(page.language, org.verification.verifiedAt), org.verification.method ? methodName(page, org.verification.method) : c.none) : m.unverified}</dd>
          </dl>
        </section>
        <section aria-labelledby="verify-heading">
          <h2 id="verify-heading">{m.verifyButton}</h2>
          <p>{m.verifyIntro}</p>
          {verified && <p class="hint">{m.alreadyVerified}</p>}
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ method: m.method, evidenceSha256: m.evidenceSha256 }} />
          <PostForm action={`${PATH}/${org.id}/verification`}>
            <input type="hidden" name="registrationNumber" value={registrationNumber} />
            <SelectField
              name="method"
              label={m.method}
              required
              value={values.method}
              error={errors.method}
              options={[{ value: '', label: m.chooseMethod }, ...VERIFICATION_METHODS.map((method) => ({ value: method, label: methodName(page, method) }))]}
            />
            <TextField name="evidenceSha256" label={m.evidenceSha256} hint={m.evidenceHint} autocomplete="off" required maxLength={64} value={values.evidenceSha256} error={errors.evidenceSha256} />
            <button type="submit">{m.verifyButton}</button>
          </PostForm>
        </section>
        <p>
          <a href={`${PATH}?${query({ registrationNumber })}`}>{m.back}</a>
        </p>
      </Layout>,
      refusal ? 422 : 200,
    );
  }
}
