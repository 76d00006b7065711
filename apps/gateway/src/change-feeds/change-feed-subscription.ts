import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'undici';
import { CHANGE_FEED_EVENTS } from '@sargs/contracts';
import { INTERNAL_ASSERTION_HEADER } from '@sargs/platform/auth-assertion';
import type { Logger } from '@sargs/platform/observability';
import type { AssertionSigner } from '../proxy/assertion-signer';
import type { UpstreamService } from '../routing/route';
import type { FeedKeptCache } from './feed-kept-cache';

export interface ChangeFeedSubscriptionOptions {
  /** The service whose feed it is, as the assertion's audience. */
  service: UpstreamService;
  /** The service's base URL. */
  serviceUrl: string;
  /** The feed's path on the service. */
  path: string;
  /** What the cache keeps, for the log lines. */
  keeps: string;
  /** Silence this long (the service sends a heartbeat every second) counts as a lost feed. */
  silenceMs: number;
  /** The wait before connecting again. */
  retryMs: number;
}

/** The server-sent events of one connection, as a service's feed sends them (event and data lines). */
function* parseEvents(text: string): Generator<{ event: string; data: string }> {
  for (const block of text.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (event !== 'message' || data.length > 0) yield { event, data: data.join('\n') };
  }
}

/**
 * Keeps the gateway connected to one service's change feed and a cache of that service's answers
 * in step with it: open on `ready`, a group's entries dropped on `changed`, everything dropped and
 * reuse stopped the moment the feed ends, errs or falls silent. Reconnects until stopped.
 */
export class ChangeFeedSubscription implements OnApplicationBootstrap, OnApplicationShutdown {
  private client: Client | undefined;
  private abort: AbortController | undefined;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly cache: FeedKeptCache<unknown>,
    private readonly signer: AssertionSigner,
    private readonly logger: Logger,
    private readonly options: ChangeFeedSubscriptionOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const url = new URL(this.options.serviceUrl);
    this.client = new Client(url.origin, { bodyTimeout: this.options.silenceMs, headersTimeout: this.options.silenceMs });
    void this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.abort?.abort();
    this.cache.close();
    await this.client?.close().catch(() => this.client?.destroy());
  }

  private async follow(): Promise<void> {
    const base = new URL(this.options.serviceUrl).pathname.replace(/\/+$/, '');
    this.abort = new AbortController();
    try {
      const { statusCode, body } = await (this.client as Client).request({
        method: 'GET',
        path: `${base}${this.options.path}`,
        headers: { accept: 'text/event-stream', [INTERNAL_ASSERTION_HEADER]: this.signer.sign({ roles: [], aud: this.options.service }) },
        signal: this.abort.signal,
      });
      if (statusCode !== 200) {
        await body.dump();
        throw new Error(`${this.options.service} answered ${statusCode}`);
      }
      let pending = '';
      for await (const chunk of body) {
        pending += (chunk as Buffer).toString('utf8');
        const end = pending.lastIndexOf('\n\n');
        if (end < 0) continue;
        for (const { event, data } of parseEvents(pending.slice(0, end))) this.apply(event, data);
        pending = pending.slice(end + 2);
      }
      throw new Error(`${this.options.service} ended the feed`);
    } catch (err) {
      this.lost((err as Error).message);
    }
  }

  private apply(event: string, data: string): void {
    if (event === CHANGE_FEED_EVENTS.changed) this.cache.invalidate(data);
    else if (event === CHANGE_FEED_EVENTS.ready) {
      this.cache.open();
      this.logger.info({ service: this.options.service }, `change feed connected; reusing ${this.options.keeps}`);
    }
  }

  private lost(reason: string): void {
    const wasOpen = this.cache.isOpen;
    this.cache.close();
    if (this.stopped) return;
    if (wasOpen) this.logger.warn({ reason, service: this.options.service }, `change feed lost; not reusing ${this.options.keeps} until it is back`);
    this.retryTimer = setTimeout(() => void this.follow(), this.options.retryMs);
  }
}
