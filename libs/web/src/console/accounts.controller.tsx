import { Get, Param, Post } from '@nestjs/common';
import { STAFF_ROLES, type AdminAccountView } from '@sargs/contracts';
import { consolePeopleMessages } from '../i18n/console-people.messages';
import { formatDateTime } from '../i18n/locale-format';
import { Checkbox, ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import type { Viewer } from '../page/viewer';
import { pathId } from './people-kit';
import { isUuid } from './records-kit';

const LIST = '/admin/accounts';

interface Lookup {
  form: 'find' | 'open';
  errors: FieldErrors;
  value: string;
  /** The address was looked up and no account has it. */
  none?: boolean;
}

interface Refusal {
  form: 'roles' | 'close';
  errors: FieldErrors;
  roles?: string[];
}

/**
 * `/admin/accounts`: find an account by its exact address (posted, so the address never enters a
 * URL or a log line) or open one by id; `/admin/accounts/:id`: the account as staff see it, its
 * staff roles (admins only, as the API decides) and a staff closure (R13, R23).
 */
@PageController()
export class AccountsConsoleController {
  /** `?id=` opens that account (ids are not personal data); otherwise the two lookup forms. */
  @Get('admin/accounts')
  async lookup(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const id = page.query('id').trim();
    if (id === '') return this.renderLookup(page);
    if (!isUuid(id)) return this.renderLookup(page, { form: 'open', errors: { id: page.t.fieldInvalid }, value: id });
    page.redirect(`${LIST}/${id.toLowerCase()}`);
  }

  /** The address goes to GET /admin/accounts?email= from here, server-side only. */
  @Post('admin/accounts')
  async find(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const email = page.form.text('email');
    const errors = page.controlCharacterErrors(['email']);
    if (email.trim() === '') errors.email ??= page.t.fieldRequired;
    if (Object.keys(errors).length > 0) return this.renderLookup(page, { form: 'find', errors, value: email });
    const answer = await page.call({ method: 'GET', path: `/admin/accounts?${new URLSearchParams({ email })}` });
    if (answer.status === 422) return this.renderLookup(page, { form: 'find', errors: page.fieldErrors(answer, 'email'), value: email });
    if (answer.status !== 200) throw page.failure(answer);
    const [account] = answer.body as AdminAccountView[];
    if (!account) return this.renderLookup(page, { form: 'find', errors: {}, value: email, none: true });
    page.redirect(`${LIST}/${account.id}`);
  }

  @Get('admin/accounts/:id')
  async show(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const viewer = await page.requireStaff();
    await this.renderAccount(page, viewer, pathId(id));
  }

  /** Checkboxes `roles` (admin, dpo) to PUT /admin/accounts/:id/roles; a dpo gets the API's 403 page. */
  @Post('admin/accounts/:id/roles')
  async setRoles(@Page() page: PageContext, @Param('id') rawId: string): Promise<void> {
    const viewer = await page.requireStaff();
    const id = pathId(rawId);
    const roles = page.form.all('roles');
    if (!roles.every((role) => (STAFF_ROLES as readonly string[]).includes(role))) {
      return this.renderAccount(page, viewer, id, { form: 'roles', errors: { admin: page.t.fieldInvalid }, roles: [] });
    }
    const answer = await page.call({ method: 'PUT', path: `/admin/accounts/${id}/roles`, body: { roles: [...new Set(roles)] } });
    if (answer.status === 200) return page.redirect(`${LIST}/${id}?done=roles`);
    const m = consolePeopleMessages[page.language];
    if (answer.status === 409) return this.renderAccount(page, viewer, id, { form: 'roles', errors: { admin: m.lastAdmin }, roles });
    if (answer.status === 422) return this.renderAccount(page, viewer, id, { form: 'roles', errors: page.fieldErrors(answer, 'admin', { roles: 'admin' }), roles });
    throw page.failure(answer);
  }

  /** POST /admin/accounts/:id/closure once `confirm` is ticked; back here with the erasure case id. */
  @Post('admin/accounts/:id/closure')
  async close(@Page() page: PageContext, @Param('id') rawId: string): Promise<void> {
    const viewer = await page.requireStaff();
    const id = pathId(rawId);
    const m = consolePeopleMessages[page.language];
    if (!page.form.checked('confirm')) return this.renderAccount(page, viewer, id, { form: 'close', errors: { confirm: m.closeConfirmRequired } });
    const answer = await page.call({ method: 'POST', path: `/admin/accounts/${id}/closure` });
    if (answer.status === 202) return page.redirect(`${LIST}/${id}?${new URLSearchParams({ done: 'closed', caseId: (answer.body as { caseId: string }).caseId })}`);
    if (answer.status === 409) return this.renderAccount(page, viewer, id, { form: 'close', errors: { confirm: m.closeLastAdmin } });
    throw page.failure(answer);
  }

  private renderLookup(page: PageContext, lookup?: Lookup): void {
    const m = consolePeopleMessages[page.language];
    const errorsOf = (form: Lookup['form']) => (lookup?.form === form ? lookup.errors : {});
    const refused = lookup !== undefined && Object.keys(lookup.errors).length > 0;
    page.render(
      <Layout page={page} title={m.accountsTitle} section="console">
        <h1>{m.accountsTitle}</h1>
        <p>{m.accountsIntro}</p>
        <section aria-labelledby="find-heading">
          <h2 id="find-heading">{m.findHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errorsOf('find')} form="find" />
          <PostForm action={LIST}>
            <TextField
              form="find"
              name="email"
              type="email"
              label={m.email}
              autocomplete="off"
              required
              maxLength={254}
              value={lookup?.form === 'find' ? lookup.value : ''}
              error={errorsOf('find').email}
            />
            <button type="submit">{m.findButton}</button>
          </PostForm>
          {lookup?.none && (
            <div class="notice warn" role="status">
              <p class="no-account">{m.noAccount}</p>
            </div>
          )}
        </section>
        <section aria-labelledby="open-heading">
          <h2 id="open-heading">{m.openByIdHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errorsOf('open')} form="open" />
          <form method="get" action={LIST} novalidate>
            <TextField form="open" name="id" label={m.accountId} hint={m.accountIdHint} required maxLength={36} value={lookup?.form === 'open' ? lookup.value : ''} error={errorsOf('open').id} />
            <button type="submit">{m.openButton}</button>
          </form>
        </section>
      </Layout>,
      refused ? 422 : 200,
    );
  }

  private async renderAccount(page: PageContext, viewer: Viewer, id: string, refusal?: Refusal): Promise<void> {
    const m = consolePeopleMessages[page.language];
    const account = await page.fetch<AdminAccountView>({ method: 'GET', path: `/admin/accounts/${id}` });
    const errorsOf = (form: Refusal['form']) => (refusal?.form === form ? refusal.errors : {});
    const roles = refusal?.form === 'roles' && refusal.roles ? refusal.roles : account.roles;
    const staffRoles = account.roles.filter((role) => (STAFF_ROLES as readonly string[]).includes(role));
    const done = refusal ? '' : page.query('done');
    const caseId = page.query('caseId');
    const active = account.status === 'active';
    const mfa = account.mfa.enabled ? m.secondFactorOn(account.mfa.methods.map((method) => (method === 'totp' ? m.totp : m.passkey)).join(', ')) : m.secondFactorOff;
    page.render(
      <Layout page={page} title={m.accountTitle} section="console">
        <StatusMessage>
          {done === 'roles' ? (
            m.rolesSaved
          ) : done === 'closed' ? (
            <>
              {m.closed}{' '}
              {isUuid(caseId) ? <a href={`/admin/erasures/${caseId.toLowerCase()}`}>{m.followErasure}</a> : <a href="/admin/erasures">{m.erasureCases}</a>}
            </>
          ) : undefined}
        </StatusMessage>
        <h1>{m.accountTitle}</h1>
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{m.detailsHeading}</h2>
          <dl class="details account-details">
            <dt>{m.accountId}</dt>
            <dd class="hash">{account.id}</dd>
            <dt>{m.name}</dt>
            <dd>{account.name ?? m.hidden}</dd>
            <dt>{m.email}</dt>
            <dd>{account.email ?? m.hidden}</dd>
            <dt>{m.status}</dt>
            <dd class="account-status">{m.accountStatus(account.status)}</dd>
            <dt>{m.roles}</dt>
            <dd class="account-roles">{staffRoles.length > 0 ? staffRoles.join(', ') : m.noRoles}</dd>
            <dt>{m.emailVerified}</dt>
            <dd>{account.emailVerified ? page.t.yes : page.t.no}</dd>
            <dt>{m.secondFactor}</dt>
            <dd>{mfa}</dd>
            <dt>{m.createdAt}</dt>
            <dd>{formatDateTime(page.language, account.createdAt)}</dd>
            {account.closedAt && (
              <>
                <dt>{m.closedAt}</dt>
                <dd>{formatDateTime(page.language, account.closedAt)}</dd>
              </>
            )}
          </dl>
        </section>
        <section aria-labelledby="roles-heading">
          <h2 id="roles-heading">{m.rolesHeading}</h2>
          {!active ? (
            <p>{m.rolesNotActive}</p>
          ) : !viewer.roles.includes('admin') ? (
            <p class="roles-only-admin">{m.rolesOnlyAdmin}</p>
          ) : (
            <>
              <ErrorSummary title={page.t.errorSummaryTitle} errors={errorsOf('roles')} form="roles" />
              <PostForm action={`${LIST}/${account.id}/roles`}>
                <fieldset class={errorsOf('roles').admin ? 'radios has-error' : 'radios'} aria-describedby="roles-hint">
                  <legend>{m.rolesLegend}</legend>
                  <p class="hint" id="roles-hint">
                    {m.rolesHint}
                  </p>
                  {errorsOf('roles').admin && (
                    <p class="field-error-message" id="roles-admin-error">
                      {errorsOf('roles').admin}
                    </p>
                  )}
                  <RoleCheckbox role="admin" checked={roles.includes('admin')} invalid={Boolean(errorsOf('roles').admin)}>
                    {m.roleAdmin}
                  </RoleCheckbox>
                  <RoleCheckbox role="dpo" checked={roles.includes('dpo')} invalid={Boolean(errorsOf('roles').admin)}>
                    {m.roleDpo}
                  </RoleCheckbox>
                </fieldset>
                <button type="submit">{m.saveRoles}</button>
              </PostForm>
            </>
          )}
        </section>
        {active && (
          <section aria-labelledby="close-heading">
            <h2 id="close-heading">{m.closeHeading}</h2>
            <p>{m.closeIntro}</p>
            <ErrorSummary title={page.t.errorSummaryTitle} errors={errorsOf('close')} form="close" />
            <PostForm action={`${LIST}/${account.id}/closure`}>
              <Checkbox form="close" name="confirm" required error={errorsOf('close').confirm}>
                {m.closeConfirm}
              </Checkbox>
              <button type="submit" class="danger">
                {m.closeButton}
              </button>
            </PostForm>
          </section>
        )}
      </Layout>,
      refusal ? 422 : 200,
    );
  }
}

/** One of the checkboxes that share the name `roles` (each its own id; the group's error names the first). */
function RoleCheckbox({ role, checked, invalid, children }: { role: 'admin' | 'dpo'; checked: boolean; invalid: boolean; children: string }) {
  const id = `roles-${role}`;
  return (
    <div class="field checkbox">
      <input id={id} name="roles" type="checkbox" value={role} checked={checked} aria-invalid={invalid ? 'true' : undefined} aria-describedby={invalid ? 'roles-admin-error' : undefined} />
      <label for={id}>{children}</label>
    </div>
  );
}
