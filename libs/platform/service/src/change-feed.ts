import type { MessageEvent, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { concat, of, Subject, takeWhile, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { CHANGE_FEED_EVENTS } from '@sargs/contracts';
import { dedicatedClientConfig, NotificationListener } from '@sargs/platform/database';
import type { Logger } from '@sargs/platform/observability';
import { TemporarilyUnavailableError } from './domain-errors';

type FeedEvent = MessageEvent | 'lost';

export interface ChangeFeedOptions {
  /** The channel the service's triggers NOTIFY, each payload the key of what changed. */
  channel: string;
  /** What the gateways keep because of this feed, for the log line when it is lost. */
  keeps: string;
}

/** A heartbeat per second: a gateway that hears nothing for a few of them stops reusing answers. */
const HEALTH_CHECK_MS = 1_000;

/**
 * Relays a channel of the database's notifications to every connected gateway as server-sent
 * events (`ready`, then `changed` with each payload, and `alive` each second), so gateways may
 * reuse answers only while they hear of every change. Each service instance listens itself, so a
 * gateway hears every change whichever instance it follows. When the listening connection is
 * lost, every stream ends: the gateways drop what they kept and reconnect. A service provides one
 * per channel, as a subclass naming it, and listens from bootstrap to shutdown.
 */
export abstract class ChangeFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly events = new Subject<FeedEvent>();
  private listening = false;
  private readonly listener: NotificationListener;

  constructor(dataSource: DataSource, logger: Logger, options: ChangeFeedOptions) {
    this.listener = new NotificationListener(
      () => dedicatedClientConfig(dataSource, options.channel.replace(/_/gu, '-')),
      { channel: options.channel, healthCheckMs: HEALTH_CHECK_MS, retryMs: HEALTH_CHECK_MS },
      {
        listening: () => {
          this.listening = true;
        },
        notified: (key) => this.events.next({ type: CHANGE_FEED_EVENTS.changed, data: key }),
        alive: () => this.events.next({ type: CHANGE_FEED_EVENTS.alive, data: '' }),
        lost: (reason) => {
          this.listening = false;
          this.events.next('lost');
          logger.warn({ reason, channel: options.channel }, `change listener lost; gateways stop reusing ${options.keeps} until it is back`);
        },
      },
    );
  }

  onApplicationBootstrap(): void {
    this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.events.complete();
    await this.listener.stop();
  }

  /** One gateway's stream: `ready`, then changes and heartbeats until the listener is lost. */
  stream(): Observable<MessageEvent> {
    if (!this.listening) throw new TemporarilyUnavailableError('Not listening for changes yet');
    return concat(
      of<MessageEvent>({ type: CHANGE_FEED_EVENTS.ready, data: '' }),
      this.events.pipe(takeWhile((e): e is MessageEvent => e !== 'lost')),
    );
  }
}
