import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page/page-context';
import { isStaff } from '../page/viewer';
import { SCRIPT, STYLESHEET } from '../web-assets';

export type Section = 'account' | 'console';

interface LayoutProps {
  page: PageContext;
  title: string;
  /** Which second navigation to show: the account's pages or the staff console's. */
  section?: Section;
  children: ComponentChildren;
}

/** Every page's frame: skip link, header with navigation and language switch, main, footer. */
export function Layout({ page, title, section, children }: LayoutProps) {
  const t = page.t;
  const viewer = page.signedIn;
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
                    <NavLink page={page} href="/account">
                      {t.account}
                    </NavLink>
                  </li>
                  {isStaff(viewer) && (
                    <li>
                      <NavLink page={page} href="/admin">
                        {t.staffConsole}
                      </NavLink>
                    </li>
                  )}
                </>
              ) : (
                <>
                  <li>
                    <NavLink page={page} href="/signup">
                      {t.signUp}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink page={page} href="/login">
                      {t.logIn}
                    </NavLink>
                  </li>
                </>
              )}
              <li>
                <NavLink page={page} href="/privacy-policy">
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

/** The current page's link says so (aria-current), for screen readers and the eye alike. */
function NavLink({ page, href, children }: { page: PageContext; href: string; children: ComponentChildren }) {
  const path = page.here.split('?')[0];
  return (
    <a href={href} aria-current={path === href ? 'page' : undefined}>
      {children}
    </a>
  );
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
  ];
}

function SectionNavigation({ page, label, links }: { page: PageContext; label: string; links: Array<[string, string]> }) {
  return (
    <nav class="section-nav" aria-label={label}>
      <ul class="nav-list">
        {links.map(([href, label]) => (
          <li key={href}>
            <NavLink page={page} href={href}>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
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
