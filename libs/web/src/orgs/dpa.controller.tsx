import { Get, Param, Post } from '@nestjs/common';
import type { DpaView, OrganizationView } from '@sargs/contracts';
import { dpaMessages } from '../i18n/organisations.messages';
import { formatDateTime } from '../i18n/locale-format';
import { PostForm } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { PolicyText } from '../pages/policy-text';
import { currentDpa, isUuid, memberships, orgNavigation, orgScope, OWNER_ONLY, type OrgScope } from './org-kit';

/** The organisation `?org=` names, as far as this page needs it: acceptance is its owner's. */
interface ForOrg {
  scope: OrgScope;
  org: OrganizationView;
}

/**
 * `/dpa`: the data processing agreement in force (public), its version and SHA-256. With
 * `?org=<id>` and an owner signed in, a button that accepts this very version for that
 * organisation (POST /orgs/:id/dpa-acceptance with the version shown, so a newer text published
 * meanwhile is not accepted unread).
 */
@PageController()
export class DpaController {
  @Get('dpa')
  async show(@Page() page: PageContext): Promise<void> {
    await this.render(page, await this.forOrg(page, page.query('org')));
  }

  @Post('orgs/:id/dpa-acceptance')
  async accept(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id, OWNER_ONLY);
    const answer = await page.call({ method: 'POST', path: `/orgs/${scope.id}/dpa-acceptance`, body: { version: page.form.text('version') } });
    if (answer.status === 201) return page.redirect(`/orgs/${scope.id}?done=dpa-accepted`);
    // Another version is in force now (published between reading and accepting): show that one.
    if (answer.status === 422) {
      const org = await page.fetch<OrganizationView>({ method: 'GET', path: `/orgs/${scope.id}` });
      return this.render(page, { scope, org }, true);
    }
    throw page.failure(answer);
  }

  /** The organisation `?org=` names, for a signed-in member; otherwise the plain public page. */
  private async forOrg(page: PageContext, rawId: string): Promise<ForOrg | undefined> {
    if (!isUuid(rawId) || !page.signedIn) return undefined;
    const id = rawId.toLowerCase();
    const mine = await memberships(page);
    const membership = mine.find((org) => org.id === id);
    if (!membership) return undefined;
    const org = await page.fetch<OrganizationView>({ method: 'GET', path: `/orgs/${id}` });
    return { scope: { id, name: org.name, role: membership.role, memberships: mine }, org };
  }

  private async render(page: PageContext, forOrg: ForOrg | undefined, notCurrent = false): Promise<void> {
    const m = dpaMessages[page.language];
    const dpa = await currentDpa(page);
    page.render(
      <Layout page={page} title={m.title} organisation={forOrg ? orgNavigation(page, forOrg.scope.memberships) : undefined}>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        {dpa === undefined ? <p class="dpa-unpublished">{m.unpublished}</p> : <DpaDocument page={page} dpa={dpa} />}
        {dpa && forOrg && <AcceptSection page={page} dpa={dpa} forOrg={forOrg} notCurrent={notCurrent} />}
        <p>
          <a href="/subprocessors">{m.subprocessors}</a>
        </p>
      </Layout>,
      notCurrent ? 422 : 200,
    );
  }
}

/** The agreement's version, fingerprint and text. */
function DpaDocument({ page, dpa }: { page: PageContext; dpa: DpaView }) {
  const m = dpaMessages[page.language];
  return (
    <>
      <dl class="details dpa-details">
        <dt>{m.version}</dt>
        <dd class="dpa-version">{dpa.version}</dd>
        <dt>{m.sha256}</dt>
        <dd>
          <code class="hash dpa-sha256">{dpa.sha256}</code>
          <p class="hint">{m.sha256Hint}</p>
        </dd>
      </dl>
      <article class="policy-text dpa-text" aria-label={m.text(dpa.version)}>
        <PolicyText content={dpa.content} />
      </article>
    </>
  );
}

/** Below the text: the organisation's acceptance of this version, or (its owner only) the button that gives it. */
function AcceptSection({ page, dpa, forOrg, notCurrent }: { page: PageContext; dpa: DpaView; forOrg: ForOrg; notCurrent: boolean }) {
  const m = dpaMessages[page.language];
  const name = forOrg.org.name;
  // The API shows only an acceptance of the version in force.
  const accepted = forOrg.org.dpa?.version === dpa.version ? forOrg.org.dpa : null;
  return (
    <section aria-labelledby="accept-heading">
      <h2 id="accept-heading">{m.acceptHeading(name)}</h2>
      {notCurrent && (
        <div class="notice warn" role="alert" tabindex={-1} autofocus>
          <p>{m.notCurrent}</p>
        </div>
      )}
      {accepted ? (
        <p class="dpa-accepted">{m.alreadyAccepted(name, formatDateTime(page.language, accepted.acceptedAt))}</p>
      ) : forOrg.scope.role !== 'owner' ? (
        <p>{m.onlyOwner(name)}</p>
      ) : (
        <>
          <p>{m.acceptText(name, dpa.version)}</p>
          <PostForm action={`/orgs/${forOrg.scope.id}/dpa-acceptance`}>
            <input type="hidden" name="version" value={dpa.version} />
            <button type="submit">{m.acceptButton}</button>
          </PostForm>
        </>
      )}
      <p>
        <a href={`/orgs/${forOrg.scope.id}`}>{m.backToOrg(name)}</a>
      </p>
    </section>
  );
}
