import { Get, Param, Post } from '@nestjs/common';
import { deleteOrgMessages } from '../i18n/organisations.messages';
import { ErrorSummary, PostForm, TextField } from '../layout/form-controls';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { OrgLayout, orgScope, OWNER_ONLY, type OrgScope } from './org-kit';

/**
 * `/orgs/:id/delete` (owner only): what deleting does and the password that confirms it
 * (DELETE /orgs/:id). The organisation is gone for its members at once, so the outcome, with the
 * erasure case's id, is shown on `/orgs`.
 */
@PageController()
export class DeleteOrgController {
  @Get('orgs/:id/delete')
  async show(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    this.render(page, await orgScope(page, id, OWNER_ONLY), {});
  }

  @Post('orgs/:id/delete')
  async remove(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id, OWNER_ONLY);
    const answer = await page.call({ method: 'DELETE', path: `/orgs/${scope.id}`, body: { password: page.form.text('password') } });
    if (answer.status === 202) {
      const { caseId } = answer.body as { caseId: string };
      return page.redirect(`/orgs?${new URLSearchParams({ done: 'deleted', caseId })}`);
    }
    if (answer.status === 422) return this.render(page, scope, page.fieldErrors(answer, 'password'));
    throw page.failure(answer);
  }

  private render(page: PageContext, scope: OrgScope, errors: FieldErrors): void {
    const m = deleteOrgMessages[page.language];
    page.render(
      <OrgLayout page={page} scope={scope} title={m.title}>
        <h1>{m.title}</h1>
        <section aria-labelledby="what-heading">
          <h2 id="what-heading">{m.whatHeading}</h2>
          <ul>
            <li>{m.noAccess}</li>
            <li>{m.allData}</li>
            <li>{m.backups}</li>
            <li>{m.accounts}</li>
          </ul>
          <p>
            {m.beforeYouGo} <a href={`/orgs/${scope.id}/exports`}>{m.exportLink}</a>.
          </p>
        </section>
        <section aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{m.confirmHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} labels={{ password: m.password }} />
          <PostForm action={`/orgs/${scope.id}/delete`}>
            <TextField name="password" type="password" label={m.password} autocomplete="current-password" required error={errors.password} />
            <button type="submit" class="danger">
              {m.deleteButton}
            </button>
          </PostForm>
        </section>
      </OrgLayout>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }
}
