import type { OrgRole } from '@sargs/contracts';
import { FeedKeptCache } from '../change-feeds/feed-kept-cache';

export interface KeptRole {
  orgId: string;
  role: OrgRole;
}

/**
 * The longest a member's role is reused. The change feed ends reuse the moment it changes; this
 * only bounds how long one entry lives in a cache that nobody's change would otherwise touch.
 */
export const MEMBERSHIP_LIFETIME_MS = 60_000;

/**
 * organizations' recent answers to "which role has this account here", reused only while its
 * change feed is connected: a role change, a removal or the organisation's deletion drops every
 * answer of that organisation. Only roles are kept, never a refusal, so a new member needs no
 * notice and a stranger's guesses fill nothing.
 */
export class MembershipCache extends FeedKeptCache<KeptRole> {
  constructor(maxEntries: number, now: () => number = Date.now) {
    super(maxEntries, { groupOf: (kept) => kept.orgId, lifetimeMs: () => MEMBERSHIP_LIFETIME_MS }, now);
  }

  /** Ids as organizations' feed names them: lowercase. */
  static key(orgId: string, accountId: string): string {
    return `${orgId} ${accountId}`;
  }
}
