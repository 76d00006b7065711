import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'undici';
import { SESSION_CHANGE_EVENTS, SESSION_CHANGES_PATH } from '@sargs/contracts';
import { INTERNAL_ASSERTION_HEADER } from '@sargs/platform/auth-assertion';
import type { Logger } from '@sargs/platform/observability';
import type { AssertionSigner } from '../proxy/assertion-signer';
import type { SessionCache } from './session-cache';

export interface SessionChangeSubscriptionOptions {
  /** identity's base URL (IDENTITY_URL). */
  identityUrl: string;
  /** Silence this long (identity sends a heartbeat every second) counts as a lost feed. */
  silenceMs: number;
  /** The wait before connecting again. */
  retryMs: number;
}

/** The server-sent events of one connection, as identity's feed sends them (event and data lines). */
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
 * Keeps the gateway connected to identity's session change feed and the session cache in step
 * with it: open on `ready`, an account's entries dropped on `changed`, everything dropped and
 * reuse stopped the moment the feed ends, errs or falls silent. Reconnects until stopped.
 */
export class SessionChangeSubscription implements OnApplicationBootstrap, OnApplicationShutdown {
  private client: Client | undefined;
  private abort: AbortController | undefined;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly cache: SessionCache,
    private readonly signer: AssertionSigner,
    private readonly logger: Logger,
    private readonly options: SessionChangeSubscriptionOptions,
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
    const url = new URL(this.options.identityUrl);
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
    const base = new URL(this.options.identityUrl).pathname.replace(/\/+$/, '');
    this.abort = new AbortController();
    try {
      const { statusCode, body } = await (this.client as Client).request({
        method: 'GET',
        path: `${base}${SESSION_CHANGES_PATH}`,
        headers: { accept: 'text/event-stream', [INTERNAL_ASSERTION_HEADER]: this.signer.sign({ roles: [], aud: 'identity' }) },
        signal: this.abort.signal,
      });
      if (statusCode !== 200) {
        await body.dump();
        throw new Error(`identity answered ${statusCode}`);
      }
      let pending = '';
      for await (const chunk of body) {
        pending += (chunk as Buffer).toString('utf8');
        const end = pending.lastIndexOf('\n\n');
        if (end < 0) continue;
        for (const { event, data } of parseEvents(pending.slice(0, end))) this.apply(event, data);
        pending = pending.slice(end + 2);
      }
      throw new Error('identity ended the feed');
    } catch (err) {
      this.lost((err as Error).message);
    }
  }

  private apply(event: string, data: string): void {
    if (event === SESSION_CHANGE_EVENTS.changed) this.cache.invalidate(data);
    else if (event === SESSION_CHANGE_EVENTS.ready) {
      this.cache.open();
      this.logger.info('session change feed connected; reusing session lookups');
    }
  }

  private lost(reason: string): void {
    const wasOpen = this.cache.isOpen;
    this.cache.close();
    if (this.stopped) return;
    if (wasOpen) this.logger.warn({ reason }, 'session change feed lost; asking identity on every request until it is back');
    this.retryTimer = setTimeout(() => void this.follow(), this.options.retryMs);
  }
}
