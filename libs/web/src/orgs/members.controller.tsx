import { Get, Param, Post } from '@nestjs/common';
import { INVITABLE_ROLES, ORG_ROLES, type InvitationView, type MemberView, type OrgRole } from '@sargs/contracts';
import { membersMessages } from '../i18n/organisations.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, SelectField, StatusMessage, TextField } from '../layout/form-controls';
import { RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { canManage, isUuid, MANAGERS, OrgLayout, orgScope, roleName, type OrgScope } from './org-kit';

interface Refusal {
  form: 'role' | 'remove' | 'invite';
  /** The member a role or removal form was about. */
  accountId?: string;
  errors: FieldErrors;
  values?: { email: string; role: string };
}

/** The id of a member's role form: one form per row, each field id its own. */
const roleForm = (accountId: string) => `role-${accountId}`;

/**
 * `/orgs/:id/members`: who belongs and in which role; for owners and admins, a role change and a
 * removal per member (PATCH, DELETE /orgs/:id/members/:accountId; the last owner stays: 409), an
 * invitation by address and role (POST /orgs/:id/invitations, mailed), and the open invitations,
 * each revocable.
 */
@PageController()
export class MembersController {
  @Get('orgs/:id/members')
  async show(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await this.render(page, await orgScope(page, id));
  }

  @Post('orgs/:id/members/:accountId/role')
  async changeRole(@Page() page: PageContext, @Param('id') id: string, @Param('accountId') rawAccountId: string): Promise<void> {
    const scope = await orgScope(page, id, MANAGERS);
    const accountId = memberId(rawAccountId);
    const role = page.form.text('role');
    if (!(ORG_ROLES as readonly string[]).includes(role)) return this.render(page, scope, { form: 'role', accountId, errors: { role: page.t.fieldInvalid } });
    const answer = await page.call({ method: 'PATCH', path: `/orgs/${scope.id}/members/${accountId}`, body: { role } });
    if (answer.status === 200 || answer.status === 204) return page.redirect(`/orgs/${scope.id}/members?done=role`);
    const m = membersMessages[page.language];
    if (answer.status === 409) return this.render(page, scope, { form: 'role', accountId, errors: { role: m.lastOwner } });
    if (answer.status === 422) return this.render(page, scope, { form: 'role', accountId, errors: page.fieldErrors(answer, 'role') });
    if (answer.status === 404) return page.redirect(`/orgs/${scope.id}/members?done=gone`);
    throw page.failure(answer);
  }

  /** A manager removes a member; any member removes themselves (leaves), and is then no longer let in here. */
  @Post('orgs/:id/members/:accountId/remove')
  async remove(@Page() page: PageContext, @Param('id') id: string, @Param('accountId') rawAccountId: string): Promise<void> {
    const scope = await orgScope(page, id);
    const accountId = memberId(rawAccountId);
    const viewer = await page.requireViewer();
    const answer = await page.call({ method: 'DELETE', path: `/orgs/${scope.id}/members/${accountId}` });
    if (answer.status === 204) return page.redirect(accountId === viewer.id ? '/orgs?done=left' : `/orgs/${scope.id}/members?done=removed`);
    if (answer.status === 409) return this.render(page, scope, { form: 'remove', accountId, errors: { role: membersMessages[page.language].lastOwner } });
    if (answer.status === 404) return page.redirect(`/orgs/${scope.id}/members?done=gone`);
    throw page.failure(answer);
  }

  @Post('orgs/:id/invitations')
  async invite(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id, MANAGERS);
    const values = { email: page.form.text('email'), role: page.form.text('role') };
    const errors = page.controlCharacterErrors(['email']);
    if (!(INVITABLE_ROLES as readonly string[]).includes(values.role)) errors.role = page.t.fieldInvalid;
    if (Object.keys(errors).length > 0) return this.render(page, scope, { form: 'invite', errors, values });
    const answer = await page.call({ method: 'POST', path: `/orgs/${scope.id}/invitations`, body: values });
    if (answer.status === 201) return page.redirect(`/orgs/${scope.id}/members?done=invited`);
    if (answer.status === 422) return this.render(page, scope, { form: 'invite', errors: page.fieldErrors(answer, 'email'), values });
    if (answer.status === 409) return this.render(page, scope, { form: 'invite', errors: { email: membersMessages[page.language].alreadyMember }, values });
    throw page.failure(answer);
  }

  @Post('orgs/:id/invitations/:invitationId/revoke')
  async revoke(@Page() page: PageContext, @Param('id') id: string, @Param('invitationId') invitationId: string): Promise<void> {
    const scope = await orgScope(page, id, MANAGERS);
    if (!isUuid(invitationId)) throw new PageError(404, 'not-found');
    const answer = await page.call({ method: 'DELETE', path: `/orgs/${scope.id}/invitations/${invitationId.toLowerCase()}` });
    // Gone already (accepted, expired or revoked by someone else): the list shows it as it is.
    if (answer.status !== 204 && answer.status !== 404) throw page.failure(answer);
    page.redirect(`/orgs/${scope.id}/members?done=revoked`);
  }

  private async render(page: PageContext, scope: OrgScope, refusal?: Refusal): Promise<void> {
    const m = membersMessages[page.language];
    const viewer = await page.requireViewer();
    const manager = canManage(scope);
    const [members, invitations] = await Promise.all([
      page.fetch<MemberView[]>({ method: 'GET', path: `/orgs/${scope.id}/members` }),
      manager ? page.fetch<InvitationView[]>({ method: 'GET', path: `/orgs/${scope.id}/invitations` }) : Promise.resolve([]),
    ]);
    const done = refusal ? '' : page.query('done');
    const status = ({ role: m.roleSaved, removed: m.removed, invited: m.invited, revoked: m.revoked, gone: m.memberGone } as Record<string, string>)[done];
    const manageable = (member: MemberView) => manages(scope, member);
    const rowErrors = (accountId: string): FieldErrors => (refusal && refusal.form !== 'invite' && refusal.accountId === accountId ? refusal.errors : {});
    const inviteErrors = refusal?.form === 'invite' ? refusal.errors : {};
    const inviteValues = refusal?.form === 'invite' && refusal.values ? refusal.values : { email: '', role: 'member' };
    const refusedRow = refusal && refusal.form !== 'invite' ? refusal.accountId : undefined;
    page.render(
      <OrgLayout page={page} scope={scope} title={m.title}>
        <StatusMessage>{status}</StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        {refusedRow && (
          <ErrorSummary title={page.t.errorSummaryTitle} errors={{ role: Object.values(rowErrors(refusedRow))[0] ?? page.t.fieldInvalid }} form={roleForm(refusedRow)} />
        )}
        <RecordTable
          class="members"
          caption={m.caption}
          rows={members}
          rowKey={(member) => member.accountId}
          rowAttributes={(member) => ({ 'data-account-id': member.accountId, 'data-role': member.role })}
          columns={[
            {
              header: m.name,
              rowHeader: true,
              id: (member) => `member-${member.accountId}`,
              cell: (member) => (
                <>
                  {member.name ?? m.unknownName} {member.accountId === viewer.id && m.you}
                </>
              ),
            },
            { header: m.email, cell: (member) => member.email ?? '–' },
            { header: m.role, class: 'member-role', cell: (member) => roleName(page, member.role) },
            {
              header: m.actions,
              cell: (member: MemberView) => {
                const error = Object.values(rowErrors(member.accountId))[0];
                const self = member.accountId === viewer.id;
                return (
                  <div class="actions">
                    {manageable(member) && !self && (
                      <PostForm action={`/orgs/${scope.id}/members/${member.accountId}/role`} class="inline-form">
                        <SelectField
                          form={roleForm(member.accountId)}
                          name="role"
                          label={m.newRole(member.name ?? member.email ?? m.unknownName)}
                          value={member.role}
                          error={error}
                          options={rolesGrantedBy(scope).map((role) => ({ value: role, label: roleName(page, role) }))}
                        />
                        <button type="submit" class="secondary">
                          {m.saveRole}
                        </button>
                      </PostForm>
                    )}
                    {(self || manageable(member)) && (
                      <PostForm action={`/orgs/${scope.id}/members/${member.accountId}/remove`} class="inline-form">
                        {self && error && (
                          <p class="field-error-message" id={`${roleForm(member.accountId)}-role`}>
                            {error}
                          </p>
                        )}
                        <button type="submit" class="danger" aria-describedby={`member-${member.accountId}`}>
                          {self ? m.leave : m.remove}
                        </button>
                      </PostForm>
                    )}
                  </div>
                );
              },
            },
          ]}
        />
        {manager ? (
          <>
            <section aria-labelledby="invite-heading">
              <h2 id="invite-heading">{m.inviteHeading}</h2>
              <p>{m.inviteIntro}</p>
              <ErrorSummary title={page.t.errorSummaryTitle} errors={inviteErrors} form="invite" labels={{ email: m.email, role: m.role }} />
              <PostForm action={`/orgs/${scope.id}/invitations`}>
                <TextField form="invite" name="email" type="email" label={m.email} autocomplete="off" required maxLength={254} value={inviteValues.email} error={inviteErrors.email} />
                <SelectField
                  form="invite"
                  name="role"
                  label={m.role}
                  value={inviteValues.role}
                  error={inviteErrors.role}
                  options={INVITABLE_ROLES.map((role) => ({ value: role, label: roleName(page, role) }))}
                />
                <button type="submit">{m.inviteButton}</button>
              </PostForm>
            </section>
            <section aria-labelledby="invitations-heading">
              <h2 id="invitations-heading">{m.invitationsHeading}</h2>
              <RecordTable
                class="invitations"
                caption={m.invitationsCaption}
                rows={invitations}
                empty={m.invitationsNone}
                rowKey={(invitation) => invitation.id}
                rowAttributes={(invitation) => ({ 'data-invitation-id': invitation.id })}
                columns={[
                  { header: m.email, rowHeader: true, id: (invitation) => `invitation-${invitation.id}`, cell: (invitation) => invitation.email },
                  { header: m.role, cell: (invitation) => roleName(page, invitation.role) },
                  { header: m.status, cell: (invitation) => (invitation.status === 'expired' ? <span class="badge warn">{m.expired}</span> : m.pending) },
                  { header: m.sentAt, cell: (invitation) => formatDateTime(page.language, invitation.createdAt) },
                  { header: m.expiresAt, cell: (invitation) => formatDateTime(page.language, invitation.expiresAt) },
                  {
                    header: m.actions,
                    cell: (invitation) => (
                      <PostForm action={`/orgs/${scope.id}/invitations/${invitation.id}/revoke`} class="inline-form">
                        <button type="submit" class="secondary" aria-describedby={`invitation-${invitation.id}`}>
                          {m.revoke}
                        </button>
                      </PostForm>
                    ),
                  },
                ]}
              />
            </section>
          </>
        ) : (
          <p class="only-managers">{m.onlyManagers}</p>
        )}
      </OrgLayout>,
      refusal ? 422 : 200,
    );
  }
}

/** A member's account id from the path: anything that is no id is this page's 404. */
function memberId(raw: string): string {
  if (!isUuid(raw)) throw new PageError(404, 'not-found');
  return raw.toLowerCase();
}

/** Only an owner grants or takes ownership (the API's 403 otherwise): an admin chooses between admin and member. */
function rolesGrantedBy(scope: OrgScope): readonly OrgRole[] {
  return scope.role === 'owner' ? ORG_ROLES : INVITABLE_ROLES;
}

/** Whether the viewer may change or remove this member: a manager, and only an owner for an owner. */
function manages(scope: OrgScope, member: MemberView): boolean {
  if (!canManage(scope)) return false;
  return member.role !== 'owner' || scope.role === 'owner';
}
