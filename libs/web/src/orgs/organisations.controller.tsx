import { Get, Param, Post } from '@nestjs/common';
import { ORGANIZATION_ADDRESS_MAX, ORGANIZATION_NAME_MAX, type OrganizationView } from '@sargs/contracts';
import { orgCommonMessages, orgDetailsMessages, orgsMessages } from '../i18n/organisations.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { canManage, currentDpa, isUuid, methodName, MANAGERS, memberships, optionalText, orgNavigation, OrgLayout, orgScope, roleName, type OrgScope } from './org-kit';

/** The company details a form carries (field names = the API's body fields). */
interface DetailsValues {
  name: string;
  registrationNumber: string;
  vatNumber: string;
  address: string;
}

const DETAIL_FIELDS = ['name', 'registrationNumber', 'vatNumber', 'address'] as const;

function detailsFromForm(page: PageContext): DetailsValues {
  return { name: page.form.text('name'), registrationNumber: page.form.text('registrationNumber'), vatNumber: page.form.text('vatNumber'), address: page.form.text('address') };
}

/**
 * `/orgs`: my organisations with my role in each, and a form that creates one (POST /orgs);
 * `/orgs/:id`: one organisation's company details, their verification (R3), a form that changes
 * them (owner, admin) and where the data processing agreement stands (R24).
 */
@PageController()
export class OrganisationsController {
  @Get('orgs')
  async list(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    await this.renderList(page);
  }

  @Post('orgs')
  async create(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const values = detailsFromForm(page);
    const errors = page.controlCharacterErrors([...DETAIL_FIELDS]);
    if (Object.keys(errors).length > 0) return this.renderList(page, values, errors);
    const body = { name: values.name, registrationNumber: values.registrationNumber, vatNumber: optionalText(values.vatNumber), address: optionalText(values.address) };
    const answer = await page.call({ method: 'POST', path: '/orgs', body });
    if (answer.status === 422) return this.renderList(page, values, page.fieldErrors(answer, 'name'));
    if (answer.status !== 201) throw page.failure(answer);
    const { id } = answer.body as { id: string };
    page.redirect(`/orgs/${encodeURIComponent(id)}?done=created`);
  }

  /** The switcher in the navigation: a GET form, so it needs no script. Only one of my organisations opens. */
  @Get('orgs/switch')
  async switchTo(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const id = page.query('org').toLowerCase();
    const mine = isUuid(id) ? await memberships(page) : [];
    page.redirect(mine.some((org) => org.id === id) ? `/orgs/${id}` : '/orgs');
  }

  @Get('orgs/:id')
  async show(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await this.renderOrg(page, await orgScope(page, id));
  }

  /** PATCH /orgs/:id with every detail the form shows; an emptied optional one is cleared. */
  @Post('orgs/:id/details')
  async saveDetails(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id, MANAGERS);
    const values = detailsFromForm(page);
    const errors = page.controlCharacterErrors([...DETAIL_FIELDS]);
    if (Object.keys(errors).length > 0) return this.renderOrg(page, scope, { values, errors });
    const body = { name: values.name, registrationNumber: values.registrationNumber, vatNumber: optionalText(values.vatNumber) ?? null, address: optionalText(values.address) ?? null };
    const answer = await page.call({ method: 'PATCH', path: `/orgs/${scope.id}`, body });
    if (answer.status === 422) return this.renderOrg(page, scope, { values, errors: page.fieldErrors(answer, 'name') });
    if (answer.status !== 200) throw page.failure(answer);
    page.redirect(`/orgs/${scope.id}?done=saved`);
  }

  private async renderList(page: PageContext, values?: DetailsValues, errors: FieldErrors = {}): Promise<void> {
    const m = orgsMessages[page.language];
    const mine = await memberships(page);
    const refused = Object.keys(errors).length > 0;
    const done = refused ? '' : page.query('done');
    const caseId = page.query('caseId');
    page.render(
      <Layout page={page} title={m.title} organisation={orgNavigation(page, mine)}>
        <StatusMessage>
          {done === 'joined' ? (
            m.joined
          ) : done === 'left' ? (
            m.left
          ) : done === 'deleted' ? (
            <>
              {m.deleted}
              {isUuid(caseId) && (
                <>
                  {' '}
                  {m.caseId}: <code class="hash deletion-case">{caseId.toLowerCase()}</code>
                </>
              )}
            </>
          ) : undefined}
        </StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        <section aria-labelledby="orgs-heading">
          <h2 id="orgs-heading">{m.listHeading}</h2>
          <RecordTable
            class="organisations"
            caption={m.caption}
            rows={mine}
            empty={m.none}
            rowKey={(org) => org.id}
            rowAttributes={(org) => ({ 'data-org-id': org.id, 'data-role': org.role })}
            columns={[
              { header: m.name, rowHeader: true, cell: (org) => <a href={`/orgs/${org.id}`}>{org.name}</a> },
              { header: m.role, class: 'org-role', cell: (org) => roleName(page, org.role) },
            ]}
          />
          <p class="hint">{m.invitationsHint}</p>
        </section>
        <section aria-labelledby="create-heading">
          <h2 id="create-heading">{m.createHeading}</h2>
          <p>{m.createIntro}</p>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ name: m.name, registrationNumber: m.registrationNumber, vatNumber: m.vatNumber, address: m.address }} />
          <PostForm action="/orgs">
            <DetailsFields page={page} values={values} errors={errors} />
            <button type="submit">{m.createButton}</button>
          </PostForm>
        </section>
      </Layout>,
      refused ? 422 : 200,
    );
  }

  private async renderOrg(page: PageContext, scope: OrgScope, refusal?: { values: DetailsValues; errors: FieldErrors }): Promise<void> {
    const m = orgDetailsMessages[page.language];
    const o = orgsMessages[page.language];
    const c = orgCommonMessages[page.language];
    const [org, dpa] = await Promise.all([page.fetch<OrganizationView>({ method: 'GET', path: `/orgs/${scope.id}` }), currentDpa(page)]);
    const done = refusal ? '' : page.query('done');
    const verified = org.verification.status === 'verified';
    // The API shows only an acceptance of the version in force: an older one reads as none.
    const accepted = dpa !== undefined && org.dpa?.version === dpa.version ? org.dpa : null;
    const values: DetailsValues = refusal?.values ?? { name: org.name, registrationNumber: org.registrationNumber, vatNumber: org.vatNumber ?? '', address: org.address ?? '' };
    const errors = refusal?.errors ?? {};
    page.render(
      <OrgLayout page={page} scope={{ ...scope, name: org.name }} title={c.navOverview}>
        <StatusMessage>{done === 'created' ? o.created : done === 'joined' ? o.joined : done === 'saved' ? m.saved : done === 'dpa-accepted' ? m.dpaAcceptedDone : undefined}</StatusMessage>
        <h1>{org.name}</h1>
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{m.detailsHeading}</h2>
          <dl class="details org-details">
            <dt>{o.registrationNumber}</dt>
            <dd class="org-registration-number">{org.registrationNumber}</dd>
            <dt>{o.vatNumber}</dt>
            <dd>{org.vatNumber ?? c.none}</dd>
            <dt>{o.address}</dt>
            <dd class="multiline">{org.address ?? c.none}</dd>
            <dt>{m.yourRole}</dt>
            <dd class="org-role">{roleName(page, scope.role)}</dd>
          </dl>
        </section>
        <section aria-labelledby="verification-heading">
          <h2 id="verification-heading">{m.verificationHeading}</h2>
          <dl class="details">
            <dt>{m.verificationStatus}</dt>
            <dd>
              <span class={verified ? 'badge verification-status' : 'badge warn verification-status'} data-status={org.verification.status}>
                {verified ? c.verified : c.unverified}
              </span>
            </dd>
            {verified && (
              <>
                <dt>{m.verifiedAt}</dt>
                <dd>{formatDateTime(page.language, org.verification.verifiedAt)}</dd>
                <dt>{m.method}</dt>
                <dd>{org.verification.method ? methodName(page, org.verification.method) : c.none}</dd>
              </>
            )}
          </dl>
          <p>{verified ? m.verifiedText : m.unverifiedText}</p>
        </section>
        <section aria-labelledby="dpa-heading">
          <h2 id="dpa-heading">{m.dpaHeading}</h2>
          <p>{m.dpaIntro}</p>
          {dpa === undefined ? (
            <p class="dpa-state">{m.dpaUnpublished}</p>
          ) : accepted ? (
            <p class="dpa-state" data-accepted-version={accepted.version}>
              {m.dpaAccepted(accepted.version, formatDateTime(page.language, accepted.acceptedAt))} <a href="/dpa">{m.dpaRead}</a>
            </p>
          ) : (
            <>
              <p class="dpa-state">
                {m.dpaNone} {m.dpaCurrent(dpa.version)}
              </p>
              <p>
                {scope.role === 'owner' ? (
                  <a class="button" href={`/dpa?org=${scope.id}`}>
                    {m.dpaReadAndAccept}
                  </a>
                ) : (
                  <>
                    {m.dpaOnlyOwner} <a href="/dpa">{m.dpaRead}</a>
                  </>
                )}
              </p>
            </>
          )}
          <p>
            <a href="/subprocessors">{m.subprocessors}</a>
          </p>
        </section>
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">{m.editHeading}</h2>
          {canManage(scope) ? (
            <>
              <p class="hint">{m.editHint}</p>
              <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ name: o.name, registrationNumber: o.registrationNumber, vatNumber: o.vatNumber, address: o.address }} />
              <PostForm action={`/orgs/${scope.id}/details`}>
                <DetailsFields page={page} values={values} errors={errors} />
                <button type="submit">{m.saveButton}</button>
              </PostForm>
            </>
          ) : (
            <p class="only-managers">{m.onlyManagers}</p>
          )}
        </section>
      </OrgLayout>,
      refusal ? 422 : 200,
    );
  }
}

/** The company details as form fields: creating and changing an organisation ask the same. */
function DetailsFields({ page, values, errors }: { page: PageContext; values?: DetailsValues; errors: FieldErrors }) {
  const m = orgsMessages[page.language];
  return (
    <>
      <TextField name="name" label={m.name} autocomplete="organization" required maxLength={ORGANIZATION_NAME_MAX} value={values?.name} error={errors.name} />
      <TextField name="registrationNumber" label={m.registrationNumber} hint={m.registrationNumberHint} inputmode="numeric" required maxLength={40} value={values?.registrationNumber} error={errors.registrationNumber} />
      <TextField name="vatNumber" label={m.vatNumber} hint={m.vatNumberHint} maxLength={40} value={values?.vatNumber} error={errors.vatNumber} />
      <TextField name="address" label={m.address} hint={m.addressHint} autocomplete="street-address" maxLength={ORGANIZATION_ADDRESS_MAX} value={values?.address} error={errors.address} />
    </>
  );
}

