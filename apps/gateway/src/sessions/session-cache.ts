import type { ResolvedSession } from './session-resolver';

interface Entry {
  session: ResolvedSession;
  /** Reused until then (the answer's freshForMs from when it came). */
  until: number;
}

/**
 * identity's recent session answers, by token hash, reused only while identity's change feed is
 * connected (`open`): a change to an account or its sessions drops that account's entries
 * (`invalidate`), and losing the feed drops them all. No entry outlives the answer's own
 * `freshForMs`, so the idle clock keeps moving and expiry is kept to the millisecond.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byAccount = new Map<string, Set<string>>();
  private live = false;
  /**
   * Moves on every invalidation: an answer fetched while one happened may predate it, so it is
   * not stored (see `mark`).
   */
  private generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether answers are being reused (the feed is connected). */
  get isOpen(): boolean {
    return this.live;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The feed is connected and listening: reuse may start, from nothing. */
  open(): void {
    this.invalidateAll();
    this.live = this.maxEntries > 0;
  }

  /** The feed is gone: changes may be missed from now on, so nothing held can be trusted. */
  close(): void {
    this.live = false;
    this.invalidateAll();
  }

  get(tokenHash: string): ResolvedSession | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.session;
    this.remove(tokenHash, entry.session.accountId);
    return undefined;
  }

  /** Taken before asking identity, handed to `set` with its answer. */
  mark(): number {
    return this.generation;
  }

  set(tokenHash: string, session: ResolvedSession, mark: number): void {
    if (!this.live || mark !== this.generation || session.freshForMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.evictOldest();
    this.entries.set(tokenHash, { session, until: this.now() + session.freshForMs });
    let tokens = this.byAccount.get(session.accountId);
    if (!tokens) this.byAccount.set(session.accountId, (tokens = new Set()));
    tokens.add(tokenHash);
  }

  /** The account or one of its sessions changed: ask identity again next time. */
  invalidate(accountId: string): void {
    this.generation += 1;
    for (const tokenHash of this.byAccount.get(accountId) ?? []) this.entries.delete(tokenHash);
    this.byAccount.delete(accountId);
  }

  /** A change whose accounts are not known here (or the feed's loss): ask identity again for every session. */
  invalidateAll(): void {
    this.generation += 1;
    this.entries.clear();
    this.byAccount.clear();
  }

  /** Maps iterate in insertion order: the first entry is the oldest. */
  private evictOldest(): void {
    const first = this.entries.entries().next();
    if (!first.done) this.remove(first.value[0], first.value[1].session.accountId);
  }

  private remove(tokenHash: string, accountId: string): void {
    this.entries.delete(tokenHash);
    const tokens = this.byAccount.get(accountId);
    tokens?.delete(tokenHash);
    if (tokens?.size === 0) this.byAccount.delete(accountId);
  }
}
