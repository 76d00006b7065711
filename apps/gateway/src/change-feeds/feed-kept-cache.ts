interface Entry<V> {
  value: V;
  /** The key its service's change feed names it by (an account, an organisation). */
  group: string;
  /** Reused until then. */
  until: number;
}

export interface FeedKeptValues<V> {
  /** The key the change feed announces a change of this value by. */
  groupOf(value: V): string;
  /** How long it may be reused at most, ms; 0 or less keeps nothing. */
  lifetimeMs(value: V): number;
}

/**
 * A service's recent answers, reused only while the service's change feed is connected (`open`):
 * a change drops the entries of the group it names (`invalidate`), and losing the feed drops
 * them all. An answer fetched while a change went through is not stored (`mark`), since it may
 * predate the change. Bounded: beyond `maxEntries` the oldest goes first, and 0 keeps nothing.
 */
export class FeedKeptCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byGroup = new Map<string, Set<string>>();
  private live = false;
  /** Moves on every invalidation (see `mark`). */
  private generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly values: FeedKeptValues<V>,
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

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.remove(key, entry.group);
    return undefined;
  }

  /** Taken before asking the service, handed to `set` with its answer. */
  mark(): number {
    return this.generation;
  }

  set(key: string, value: V, mark: number): void {
    const lifetimeMs = this.values.lifetimeMs(value);
    if (!this.live || mark !== this.generation || lifetimeMs <= 0) return;
    const group = this.values.groupOf(value);
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous.group);
    else if (this.entries.size >= this.maxEntries) this.evictOldest();
    this.entries.set(key, { value, group, until: this.now() + lifetimeMs });
    let keys = this.byGroup.get(group);
    if (!keys) this.byGroup.set(group, (keys = new Set()));
    keys.add(key);
  }

  /** Something of the group changed: ask the service again next time. */
  invalidate(group: string): void {
    this.generation += 1;
    for (const key of this.byGroup.get(group) ?? []) this.entries.delete(key);
    this.byGroup.delete(group);
  }

  /** A change whose group is not known here (or the feed's loss): ask the service again for everything. */
  invalidateAll(): void {
    this.generation += 1;
    this.entries.clear();
    this.byGroup.clear();
  }

  /** Maps iterate in insertion order: the first entry is the oldest. */
  private evictOldest(): void {
    const first = this.entries.entries().next();
    if (!first.done) this.remove(first.value[0], first.value[1].group);
  }

  private remove(key: string, group: string): void {
    this.entries.delete(key);
    const keys = this.byGroup.get(group);
    keys?.delete(key);
    if (keys?.size === 0) this.byGroup.delete(group);
  }
}
