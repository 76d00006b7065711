import { FeedKeptCache } from '../change-feeds/feed-kept-cache';
import type { ResolvedSession } from './session-resolver';

/**
 * identity's recent session answers, by token hash, reused only while identity's change feed is
 * connected: a change to an account or its sessions drops that account's entries. No entry
 * outlives the answer's own `freshForMs`, so the idle clock keeps moving and expiry is kept to the
 * millisecond.
 */
export class SessionCache extends FeedKeptCache<ResolvedSession> {
  constructor(maxEntries: number, now: () => number = Date.now) {
    super(maxEntries, { groupOf: (session) => session.accountId, lifetimeMs: (session) => session.freshForMs }, now);
  }
}
