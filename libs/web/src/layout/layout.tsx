import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page/page-context';
import { isStaff } from '../page/viewer';
import { SCRIPT, STYLESHEET } from '../web-assets';

export type Section = 'account' | 'console';

/**
 * An organisation's pages (`/orgs/...`): the switcher between the viewer's organisations in the
 * signed-in navigation, and, on a page about one organisation, its own navigation.
 */
export interface OrganisationNavigation {
  /** The viewer's organisations (GET /orgs), for the switcher. */
  memberships: ReadonlyArray<{ id: string; name: string }>;
  /** The organisation the page is about: its name and the links its member may follow. */
  current?: { id: string; name: string; links: Array<[string, string]> };
}

interface LayoutProps {
  page: PageContext;
  title: string;
  /** Which second navigation to show: the account's pages or the staff console's. */
  section?: Section;
  /** On organisation pages: the switcher, and the organisation's navigation. */
  organisation?: OrganisationNavigation;
  children: ComponentChildren;
}

/** Every page's frame: skip link, header with navigation and language switch, main, footer. */
export function Layout({ page, title, section, organisation, children }: LayoutProps) {
  const t = page.t;
  const viewer = page.signedIn;
  const top = currentMarks(pathOf(page), TOP_LINKS, TOP_ALIASES);
  return (
    <html lang={page.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${t.siteName}`}</title>
        <link rel="stylesheet" href={STYLESHEET.url} />
        <script src={SCRIPT.url} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            {t.siteName}
          </a>
          <nav aria-label={t.mainNavigation}>
            <ul class="nav-list">
              {viewer ? (
                <>
                  <li>
                    <NavLink href="/account" current={top.get('/account')}>
                      {t.account}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink href="/orgs" current={top.get('/orgs')}>
                      {t.organisations}
                    </NavLink>
                  </li>
                  {organisation && organisation.memberships.length > 0 && (
                    <li>
                      <OrganisationSwitch page={page} navigation={organisation} />
                    </li>
                  )}
                  {isStaff(viewer) && (
                    <li>
                      <NavLink href="/admin" current={top.get('/admin')}>
                        {t.staffConsole}
                      </NavLink>
                    </li>
                  )}
                </>
              ) : (
                <>
                  <li>
                    <NavLink href="/signup" current={top.get('/signup')}>
                      {t.signUp}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink href="/login" current={top.get('/login')}>
                      {t.logIn}
                    </NavLink>
                  </li>
                </>
              )}
              <li>
                <NavLink href="/privacy-policy" current={top.get('/privacy-policy')}>
                  {t.privacyPolicy}
                </NavLink>
              </li>
              {viewer && (
                <li>
                  <form method="post" action="/logout" class="inline-form">
                    <button type="submit" class="link-button">
                      {t.logOut}
                    </button>
                  </form>
                </li>
              )}
            </ul>
          </nav>
          <LanguageSwitch page={page} />
        </header>
        {section === 'account' && viewer && <SectionNavigation page={page} label={t.accountNavigation} links={accountLinks(page)} />}
        {section === 'console' && viewer && <SectionNavigation page={page} label={t.staffConsole} links={consoleLinks(page)} />}
        {viewer && organisation?.current && <SectionNavigation page={page} label={t.organisationNavigation(organisation.current.name)} links={organisation.current.links} />}
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t.footerText}</p>
        </footer>
      </body>
    </html>
  );
}

/**
 * The current page's link says so (aria-current="page"); on a page below a link (an incident, an
 * erasure case) that link says it is where the visitor is (aria-current="location").
 */
function NavLink({ href, current, children }: { href: string; current: 'page' | 'location' | undefined; children: ComponentChildren }) {
  return (
    <a href={href} aria-current={current}>
      {children}
    </a>
  );
}

/** `page` on the link's own path; `location` on the section link whose path is the longest prefix of this one. */
export function currentMarks(path: string, hrefs: readonly string[], aliases: Readonly<Record<string, string>> = {}): Map<string, 'page' | 'location'> {
  const marks = new Map<string, 'page' | 'location'>();
  if (hrefs.includes(path)) return marks.set(path, 'page');
  const prefixOf = (href: string) => path.startsWith(`${href}/`);
  const alias = Object.entries(aliases).find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
  const owner = alias ? alias[1] : [...hrefs].filter(prefixOf).sort((a, b) => b.length - a.length)[0];
  return owner ? marks.set(owner, 'location') : marks;
}

function accountLinks({ t }: PageContext): Array<[string, string]> {
  return [
    ['/account', t.account],
    ['/account/sessions', t.sessions],
    ['/account/security', t.security],
    ['/account/consents', t.consents],
    ['/account/exports', t.exports],
    ['/privacy-requests', t.privacyRequests],
    ['/account/close', t.closeAccount],
  ];
}

function consoleLinks({ t }: PageContext): Array<[string, string]> {
  return [
    ['/admin', t.consolePrivacyRequests],
    ['/admin/accounts', t.consoleAccounts],
    ['/admin/incidents', t.consoleIncidents],
    ['/admin/campaigns', t.consoleCampaigns],
    ['/admin/legal-holds', t.consoleLegalHolds],
    ['/admin/erasures', t.consoleErasures],
    ['/admin/backups', t.consoleBackups],
    ['/admin/policies', t.consolePolicies],
    ['/admin/audit', t.consoleAudit],
    ['/admin/orgs', t.consoleOrganisations],
  ];
}

const TOP_LINKS = ['/account', '/orgs', '/admin', '/signup', '/login', '/privacy-policy'];
// Privacy requests are an account page with a path of their own.
const TOP_ALIASES: Record<string, string> = { '/privacy-requests': '/account' };

// The privacy requests' own pages sit under /admin/privacy-requests, listed as /admin.
const SECTION_ALIASES: Record<string, string> = { '/admin/privacy-requests': '/admin' };

function SectionNavigation({ page, label, links }: { page: PageContext; label: string; links: Array<[string, string]> }) {
  const marks = currentMarks(pathOf(page), links.map(([href]) => href), SECTION_ALIASES);
  return (
    <nav class="section-nav" aria-label={label}>
      <ul class="nav-list">
        {links.map(([href, label]) => (
          <li key={href}>
            <NavLink href={href} current={marks.get(href)}>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const pathOf = (page: PageContext) => page.here.split('?')[0];

/**
 * The viewer's organisations as a plain GET form (`/orgs/switch?org=`), so switching works
 * without JavaScript; the organisation the page is about is the one selected.
 */
function OrganisationSwitch({ page, navigation }: { page: PageContext; navigation: OrganisationNavigation }) {
  const t = page.t;
  return (
    <form method="get" action="/orgs/switch" class="organisation-switch" aria-label={t.organisationSwitch}>
      <label for="organisation-switch">{t.organisationSwitchLabel}</label>
      <select id="organisation-switch" name="org">
        {navigation.memberships.map((org) => (
          <option key={org.id} value={org.id} selected={org.id === navigation.current?.id}>
            {org.name}
          </option>
        ))}
      </select>
      <button type="submit">{t.organisationSwitchButton}</button>
    </form>
  );
}

/** A plain form (field `language`), so switching works without JavaScript; it comes back here. */
function LanguageSwitch({ page }: { page: PageContext }) {
  const t = page.t;
  return (
    <form method="post" action="/language" class="language-switch">
      <input type="hidden" name="returnTo" value={page.here} />
      <label for="language-switch">{t.language}</label>
      <select id="language-switch" name="language">
        <option value="lv" lang="lv" selected={page.language === 'lv'}>
          {t.lv}
        </option>
        <option value="en" lang="en" selected={page.language === 'en'}>
          {t.en}
        </option>
      </select>
      <button type="submit">{t.changeLanguage}</button>
    </form>
  );
}
