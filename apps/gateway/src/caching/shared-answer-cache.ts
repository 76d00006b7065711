import type { ExtraHeaders } from '../edge/reply';
import { passedHeaders } from '../proxy/answer-relay';
import type { UpstreamAnswer } from '../proxy/forwarder';
import type { UpstreamService } from '../routing/route';

/** A service's 200 answer the gateway may give again alone, while it is fresh. */
export interface StoredAnswer {
  service: UpstreamService;
  answer: UpstreamAnswer;
  /** The answer's headers that pass to the client, worked out once: every hit sends the same. */
  headers: ExtraHeaders;
  etag: string | undefined;
  storedAt: number;
  until: number;
}

/** Larger answers are relayed every time: the cache is for small public documents. */
const MAX_BODY_BYTES = 256 * 1024;
/**
 * The only request headers a stored answer may vary on. The gateway folds both into its language
 * hint, which is part of the key, and passes neither to a service.
 */
const VARY_BY_HINT = new Set(['accept-language', 'cookie']);

const joined = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

/**
 * How long a shared cache may reuse this answer (RFC 9111 §3, §4.2.1), in ms; undefined when it
 * may not: only what the service itself marks `public` with a max-age (s-maxage first), never
 * `private`, `no-store` or `no-cache`.
 */
export function sharedFreshnessMs(answer: UpstreamAnswer): number | undefined {
  if (answer.status !== 200 || answer.headers['set-cookie'] !== undefined || answer.body.length > MAX_BODY_BYTES) return undefined;
  const directives = new Map<string, string | undefined>();
  for (const part of (joined(answer.headers['cache-control']) ?? '').split(',')) {
    const [name, value] = part.trim().toLowerCase().split('=', 2);
    if (name) directives.set(name, value);
  }
  if (!directives.has('public') || ['private', 'no-store', 'no-cache'].some((d) => directives.has(d))) return undefined;
  const seconds = Number(directives.get('s-maxage') ?? directives.get('max-age'));
  if (!Number.isInteger(seconds) || seconds <= 0) return undefined;
  const vary = (joined(answer.headers.vary) ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (vary.some((header) => !VARY_BY_HINT.has(header))) return undefined;
  return seconds * 1000;
}

/**
 * Public answers a service marked as shareable (the policy documents), kept as a CDN would keep
 * them: for the max-age the service gave, never longer. A write this gateway relays to a service
 * drops that service's answers at once (`forgetService`), so a change made through it is read
 * back at once; another instance's change may be read up to max-age late, which the service's own
 * Cache-Control already allows every cache on the way (docs/gateway.md, "Public answers").
 */
export class SharedAnswerCache {
  private readonly entries = new Map<string, StoredAnswer>();
  /**
   * Moves on every `forgetService`: an answer asked for while a write went through may predate
   * it, so it is not stored (see `mark`).
   */
  private generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): StoredAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /** Taken before asking the service, handed to `store` with its answer. */
  mark(): number {
    return this.generation;
  }

  /** Keeps the answer when the service allows it and no write went through since `mark`; returns what was kept. */
  store(key: string, service: UpstreamService, answer: UpstreamAnswer, mark: number): StoredAnswer | undefined {
    const freshMs = sharedFreshnessMs(answer);
    if (freshMs === undefined || this.maxEntries === 0 || mark !== this.generation) return undefined;
    this.entries.delete(key);
    // Maps iterate in insertion order: the first entry is the oldest.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const storedAt = this.now();
    const entry: StoredAnswer = { service, answer, headers: passedHeaders(answer), etag: joined(answer.headers.etag), storedAt, until: storedAt + freshMs };
    this.entries.set(key, entry);
    return entry;
  }

  /** The service changed something through this gateway: none of its answers is given again. */
  forgetService(service: UpstreamService): void {
    this.generation += 1;
    for (const [key, entry] of this.entries) if (entry.service === service) this.entries.delete(key);
  }
}
