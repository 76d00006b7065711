import { z } from 'zod';
import type { RouteRow } from './route-row';
import { broadcastCreatedView, broadcastStatusView, createCampaignBody, createIncidentBody } from './broadcasts.schemas';
import { PAGE_QUERY_DOCS } from './list-paging.schemas';
import { broadcastSummary } from './staff.schemas';

/** Staff broadcasts: incidents and campaigns: the rows of the public API (docs/api.md) that notifications answers. */
export const NOTIFICATIONS_ROUTES: readonly RouteRow[] = [
  // ---- notifications: staff broadcasts ---------------------------------------------------
  {
    method: 'POST',
    path: '/admin/incidents',
    service: 'notifications',
    access: 'staff',
    body: 'json',
    // Up to 10,000 listed account ids and a message of up to 20,000 characters per language.
    bodyLimitBytes: 1024 * 1024,
    summary: 'Declare a security incident and notify the people affected (staff)',
    description:
      'A security notice (R17) to every active account (`audience: "all"`) or to `{accountIds}`, regardless of marketing consent; never to a closed account. With `audienceOrgIds` (a breach of organisations\' data, GDPR Art. 33(2)), to the owners and admins of those organisations instead of every account, besides any accounts `audience` lists. `message` in both languages; each person reads theirs. Who was mailed, and when, is recorded (`MailDelivered` on `notifications.delivery.v1`).',
    requestSchema: createIncidentBody,
    responses: {
      202: { description: 'Accepted; the incident id for its status', schema: broadcastCreatedView },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/admin/incidents',
    service: 'notifications',
    access: 'staff',
    body: 'none',
    summary: 'Declared incidents and their delivery counts (staff)',
    description: 'Newest first, with who declared each. Paged: a longer list links its next page in `Link`.',
    query: { ...PAGE_QUERY_DOCS },
    responses: {
      200: { description: 'The incidents, newest first', schema: z.array(broadcastSummary) },
      422: { description: 'A query value has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/admin/campaigns',
    service: 'notifications',
    access: 'staff',
    body: 'none',
    summary: 'Sent campaigns and their delivery counts (staff)',
    description: 'Newest first, with who sent each. Paged: a longer list links its next page in `Link`.',
    query: { ...PAGE_QUERY_DOCS },
    responses: {
      200: { description: 'The campaigns, newest first', schema: z.array(broadcastSummary) },
      422: { description: 'A query value has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/admin/incidents/:id',
    service: 'notifications',
    access: 'staff',
    body: 'none',
    summary: "An incident's delivery counts (staff)",
    description: 'Every recipient is counted once: `notified`, `pending` (also those not yet queued), `failed` or `skipped`.',
    responses: {
      200: { description: 'Delivery counts', schema: broadcastStatusView },
      404: { description: 'No such incident' },
    },
  },
  {
    method: 'POST',
    path: '/admin/campaigns',
    service: 'notifications',
    access: 'staff',
    body: 'json',
    bodyLimitBytes: 512 * 1024,
    summary: 'Send a marketing mail to current opt-ins (staff)',
    description:
      'Marketing (R18): only to people whose `marketing-email` consent is granted when their mail is sent, in their language, each with RFC 8058 one-click unsubscribe headers.',
    requestSchema: createCampaignBody,
    responses: {
      202: { description: 'Accepted; the campaign id for its status', schema: broadcastCreatedView },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/admin/campaigns/:id',
    service: 'notifications',
    access: 'staff',
    body: 'none',
    summary: "A campaign's delivery counts (staff)",
    description: 'As for incidents; `skipped` counts those who withdrew their opt-in or closed their account before their mail went out.',
    responses: {
      200: { description: 'Delivery counts', schema: broadcastStatusView },
      404: { description: 'No such campaign' },
    },
  },
];
