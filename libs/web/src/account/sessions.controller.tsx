import { Get, Param, Post } from '@nestjs/common';
import { sessionsMessages } from '../i18n/account-pages.messages';
import { formatDateTime } from '../i18n/locale-format';
import { PostForm, StatusMessage } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { RecordTable } from '../layout/record-table';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { browserOf, isUuid } from './account-kit';

/** One entry of GET /sessions. */
interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}

const DONE = { revoked: 'revoked', gone: 'gone' } as const;

/** `/account/sessions`: every session of mine (this one marked); any other one can be ended. */
@PageController()
export class SessionsController {
  @Get('account/sessions')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireViewer();
    const m = sessionsMessages[page.language];
    const sessions = (await page.fetch<SessionView[]>({ method: 'GET', path: '/sessions' })).sort(
      (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
    );
    const done = page.query('done');
    page.render(
      <Layout page={page} title={m.title} section="account">
        <StatusMessage>{done in DONE ? m[DONE[done as keyof typeof DONE]] : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        {sessions.length <= 1 && <p>{m.onlyHere}</p>}
        <RecordTable
          class="sessions"
          caption={m.caption}
          rows={sessions}
          rowKey={(session) => session.id}
          rowAttributes={(session) => ({ 'data-session-id': session.id, class: session.current ? 'current' : undefined })}
          columns={[
            {
              header: m.browser,
              rowHeader: true,
              id: (session) => `session-${session.id}`,
              cell: (session) => (
                <>
                  {browserName(m, session.userAgent)}
                  {session.current && (
                    <>
                      {' '}
                      <strong class="badge">{m.thisSession}</strong>
                    </>
                  )}
                  {session.userAgent && <span class="user-agent">{session.userAgent}</span>}
                </>
              ),
            },
            { header: m.startedAt, cell: (session) => formatDateTime(page.language, session.createdAt) },
            { header: m.lastSeenAt, cell: (session) => formatDateTime(page.language, session.lastSeenAt) },
            { header: m.expiresAt, cell: (session) => formatDateTime(page.language, session.expiresAt) },
            {
              header: m.action,
              cell: (session) =>
                session.current ? (
                  <PostForm action="/logout" class="inline-form">
                    <button type="submit" class="secondary" aria-describedby={`session-${session.id}`}>
                      {page.t.logOut}
                    </button>
                  </PostForm>
                ) : (
                  <PostForm action={`/account/sessions/${session.id}/revoke`} class="inline-form">
                    <button type="submit" aria-describedby={`session-${session.id}`}>
                      {m.endSession}
                    </button>
                  </PostForm>
                ),
            },
          ]}
        />
        <p>
          <a href="/account/security">{m.changePassword}</a>
        </p>
      </Layout>,
    );
  }

  /** Ends one session; ending this very one is logging out (the cookie goes too). */
  @Post('account/sessions/:id/revoke')
  async revoke(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await page.requireViewer();
    if (!isUuid(id)) throw new PageError(404, 'not-found');
    const sessions = await page.fetch<SessionView[]>({ method: 'GET', path: '/sessions' });
    if (sessions.some((session) => session.current && session.id.toLowerCase() === id.toLowerCase())) {
      const answer = await page.call({ method: 'DELETE', path: '/sessions/current' });
      if (answer.status !== 204 && answer.status !== 401) throw page.failure(answer);
      return page.redirect('/?done=logged-out');
    }
    const answer = await page.call({ method: 'DELETE', path: `/sessions/${id.toLowerCase()}` });
    if (answer.status === 204) return page.redirect('/account/sessions?done=revoked');
    // Not (or no longer) a session of mine: it ended meanwhile, or never was.
    if (answer.status === 404) return page.redirect('/account/sessions?done=gone');
    throw page.failure(answer);
  }
}

function browserName(m: (typeof sessionsMessages)['en'], userAgent: string | null): string {
  const { browser, system } = browserOf(userAgent);
  if (browser && system) return m.browserOn(browser, system);
  return browser ?? system ?? m.unknownBrowser;
}
