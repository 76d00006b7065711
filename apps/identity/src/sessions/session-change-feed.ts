import { Inject, Injectable, type MessageEvent, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { concat, of, Subject, takeWhile, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { SESSION_CHANGE_EVENTS } from '@sargs/contracts';
import { dedicatedClientConfig, NotificationListener } from '@sargs/platform/database';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { TemporarilyUnavailableError } from '@sargs/platform/service';

/** The channel the session and account triggers notify (migration 1764350000000). */
const CHANNEL = 'sargs_session_change';
/** A heartbeat per second: a gateway that hears nothing for a few of them stops reusing lookups. */
const HEALTH_CHECK_MS = 1_000;

type FeedEvent = MessageEvent | 'lost';

/**
 * Relays the database's session-change notifications to every connected gateway (server-sent
 * events). Each identity instance listens itself, so a gateway hears every change whichever
 * instance it is connected to. When the listening connection is lost, every stream ends: the
 * gateways drop what they reused and reconnect.
 */
@Injectable()
export class SessionChangeFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly events = new Subject<FeedEvent>();
  private listening = false;
  private readonly listener: NotificationListener;

  constructor(dataSource: DataSource, @Inject(APP_LOGGER) logger: Logger) {
    this.listener = new NotificationListener(
      () => dedicatedClientConfig(dataSource, 'identity-session-changes'),
      { channel: CHANNEL, healthCheckMs: HEALTH_CHECK_MS, retryMs: HEALTH_CHECK_MS },
      {
        listening: () => {
          this.listening = true;
        },
        notified: (accountId) => this.events.next({ type: SESSION_CHANGE_EVENTS.changed, data: accountId }),
        alive: () => this.events.next({ type: SESSION_CHANGE_EVENTS.alive, data: '' }),
        lost: (reason) => {
          this.listening = false;
          this.events.next('lost');
          logger.warn({ reason }, 'session change listener lost; gateways stop reusing session lookups until it is back');
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
    if (!this.listening) throw new TemporarilyUnavailableError('Not listening for session changes yet');
    return concat(
      of<MessageEvent>({ type: SESSION_CHANGE_EVENTS.ready, data: '' }),
      this.events.pipe(takeWhile((e): e is MessageEvent => e !== 'lost')),
    );
  }
}
