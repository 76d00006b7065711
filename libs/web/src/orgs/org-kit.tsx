import type { ComponentChildren } from 'preact';
import { ORG_MANAGERS, type DpaView, type MyOrganizationView, type OrgRole, type VerificationMethod } from '@sargs/contracts';
import { orgCommonMessages } from '../i18n/organisations.messages';
import { Layout, type OrganisationNavigation } from '../layout/layout';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** One entry of GET /orgs: an organisation the viewer belongs to, and their role in it. */
export type Membership = MyOrganizationView;

/**
 * The organisation a page is about, as the viewer stands in it: their role there, and all their
 * organisations (the switcher). Built from GET /orgs, the viewer's own memberships.
 */
export interface OrgScope {
  id: string;
  name: string;
  role: OrgRole;
  memberships: Membership[];
}

/** Who may open what below `/orgs/:id` (docs/api.md, "Organisations"); the API decides again on every call. */
export const OWNER_ONLY: readonly OrgRole[] = ['owner'];
export const MANAGERS: readonly OrgRole[] = ORG_MANAGERS;
export const EVERY_MEMBER: readonly OrgRole[] = ['owner', 'admin', 'member'];

/** The viewer's organisations (GET /orgs). */
export function memberships(page: PageContext): Promise<Membership[]> {
  return page.fetch<Membership[]>({ method: 'GET', path: '/orgs' });
}

/** The data processing agreement in force (GET /dpa), or undefined while none is published (404). */
export async function currentDpa(page: PageContext): Promise<DpaView | undefined> {
  const answer = await page.call({ method: 'GET', path: '/dpa' });
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw page.failure(answer);
  return answer.body as DpaView;
}

/**
 * A page below `/orgs/:id`: signed in (else off to log in), a member (else the 404 page, as for
 * an organisation that does not exist: the API's rule), with one of `roles` (else the 403 page).
 */
export async function orgScope(page: PageContext, rawId: string, roles: readonly OrgRole[] = EVERY_MEMBER): Promise<OrgScope> {
  await page.requireViewer();
  if (!isUuid(rawId)) throw new PageError(404, 'not-found');
  const id = rawId.toLowerCase();
  const mine = await memberships(page);
  const membership = mine.find((org) => org.id === id);
  if (!membership) throw new PageError(404, 'not-found');
  if (!roles.includes(membership.role)) throw new PageError(403, 'forbidden');
  return { id, name: membership.name, role: membership.role, memberships: mine };
}

export function canManage(scope: { role: OrgRole }): boolean {
  return MANAGERS.includes(scope.role);
}

/** The organisation's own links, as far as the viewer's role reaches. */
function orgLinks(page: PageContext, scope: OrgScope): Array<[string, string]> {
  const m = orgCommonMessages[page.language];
  const base = `/orgs/${scope.id}`;
  const links: Array<[string, string, readonly OrgRole[]]> = [
    [base, m.navOverview, EVERY_MEMBER],
    [`${base}/members`, m.navMembers, EVERY_MEMBER],
    [`${base}/contacts`, m.navContacts, EVERY_MEMBER],
    [`${base}/requests`, m.navRequests, MANAGERS],
    [`${base}/exports`, m.navExports, MANAGERS],
    [`${base}/delete`, m.navDelete, OWNER_ONLY],
  ];
  return links.filter(([, , roles]) => roles.includes(scope.role)).map(([href, label]) => [href, label]);
}

/** The switcher alone (the `/orgs` list), or the switcher and one organisation's navigation. */
export function orgNavigation(page: PageContext, mine: readonly Membership[], scope?: OrgScope): OrganisationNavigation {
  return { memberships: mine, current: scope ? { id: scope.id, name: scope.name, links: orgLinks(page, scope) } : undefined };
}

/** Every page about one organisation: the layout with its navigation and the switcher. */
export function OrgLayout({ page, scope, title, children }: { page: PageContext; scope: OrgScope; title: string; children: ComponentChildren }) {
  return (
    <Layout page={page} title={`${title} – ${scope.name}`} organisation={orgNavigation(page, scope.memberships, scope)}>
      {children}
    </Layout>
  );
}

/** A role as people read it, in the page's language. */
export function roleName(page: PageContext, role: OrgRole): string {
  const m = orgCommonMessages[page.language];
  return { owner: m.roleOwner, admin: m.roleAdmin, member: m.roleMember }[role];
}

/**
 * A form's optional text: trimmed; empty means "none" (absent when creating, null when changing,
 * so a cleared field clears the value).
 */
export function optionalText(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : value;
}

/** How staff checked the details, as people read it. */
export function methodName(page: PageContext, method: VerificationMethod): string {
  const m = orgCommonMessages[page.language];
  return { 'register-extract': m.methodRegisterExtract, 'vat-register': m.methodVatRegister, document: m.methodDocument }[method];
}
