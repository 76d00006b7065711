import { Fragment, type ComponentChildren } from 'preact';
import type { AdminAccountView, broadcastSummary } from '@sargs/contracts';
import type { z } from 'zod';
import { consolePeopleMessages } from '../i18n/console-people.messages';
import { formatDateTime, formatNumber } from '../i18n/locale-format';
import type { Column } from '../layout/record-table';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { isUuid } from './records-kit';

/** The counts every broadcast (incident, campaign) shows, as GET /admin/<kind>s/:id gives them. */
export interface DeliveryCounts {
  notified: number;
  pending: number;
  failed: number;
  skipped: number;
}

export const COUNTERS = ['notified', 'pending', 'failed', 'skipped'] as const;

/** One entry of GET /admin/incidents or /admin/campaigns. */
export type BroadcastSummary = z.infer<typeof broadcastSummary>;

/** A path id the API could know: anything else is this page's 404, before any call. */
export function pathId(id: string): string {
  if (!isUuid(id)) throw new PageError(404, 'not-found');
  return id.toLowerCase();
}

/** The first `max` characters (code points) of a text, with an ellipsis when there was more. */
export function excerpt(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('').trimEnd()}…`;
}

/**
 * The staff members' names for a list's "by" column, one GET /admin/accounts/:id per distinct id
 * (a list names a handful of staff at most). An id whose account is gone keeps only its id.
 */
export async function staffNames(page: PageContext, ids: Array<string | null>): Promise<Map<string, string>> {
  const distinct = [...new Set(ids.filter((id): id is string => id !== null && isUuid(id)))];
  const names = new Map<string, string>();
  await Promise.all(
    distinct.map(async (id) => {
      const answer = await page.call({ method: 'GET', path: `/admin/accounts/${encodeURIComponent(id)}` });
      const name = answer.status === 200 ? (answer.body as AdminAccountView).name : null;
      if (name) names.set(id, name);
    }),
  );
  return names;
}

/** Who declared or sent a broadcast: their name, linked to their account page. */
export function StaffLink({ page, id, names }: { page: PageContext; id: string | null; names: Map<string, string> }) {
  if (!id) return <>–</>;
  const name = names.get(id);
  return <a href={`/admin/accounts/${id}`}>{name ?? consolePeopleMessages[page.language].unknownStaff}</a>;
}

/**
 * A broadcast's delivery counts. `liveUrl` (the API's status route) lets sargs.js re-read them
 * every few seconds, and a changed count is announced politely; without script the refresh link
 * reloads the page.
 */
export function DeliveryCounters({ page, counts, liveUrl, refreshHref }: { page: PageContext; counts: DeliveryCounts; liveUrl: string; refreshHref: string }) {
  const m = consolePeopleMessages[page.language];
  return (
    <div data-live-url={liveUrl}>
      <dl class="details counters" aria-live="polite">
        {COUNTERS.map((counter) => (
          <Fragment key={counter}>
            <dt>{m[counter]}</dt>
            <dd class={`counter-${counter}`} data-live-field={counter}>
              {formatNumber(page.language, counts[counter])}
            </dd>
          </Fragment>
        ))}
      </dl>
      <p class="hint">
        {m.liveHint} <a href={refreshHref}>{m.refresh}</a>
      </p>
    </div>
  );
}

/**
 * The columns of a list of broadcasts (incidents, campaigns): its title, linked to its page, when
 * and by whom it went out, then each delivery count as its page names it.
 */
export function broadcastColumns(
  page: PageContext,
  names: Map<string, string>,
  headers: { title: string; at: string; by: string },
  title: (broadcast: BroadcastSummary) => ComponentChildren,
): Array<Column<BroadcastSummary>> {
  const m = consolePeopleMessages[page.language];
  return [
    { header: headers.title, rowHeader: true, cell: title },
    { header: headers.at, cell: (broadcast) => formatDateTime(page.language, broadcast.createdAt) },
    { header: headers.by, cell: (broadcast) => <StaffLink page={page} id={broadcast.createdBy} names={names} /> },
    ...COUNTERS.map((counter) => ({ header: m[counter], class: `counter-${counter}`, cell: (broadcast: DeliveryCounts) => formatNumber(page.language, broadcast[counter]) })),
  ];
}
