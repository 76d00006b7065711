import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';

/** A dedicated connection's settings from a data source's own (url and TLS), named for pg_stat_activity. */
export function dedicatedClientConfig(dataSource: DataSource, applicationName: string): ClientConfig {
  const { url, ssl } = dataSource.options as { url?: string; ssl?: ClientConfig['ssl'] };
  if (!url) throw new Error('a dedicated connection needs the data source to be configured with a url');
  return { connectionString: url, ssl, application_name: applicationName };
}

export interface NotificationHandlers {
  /** LISTEN is in place: every NOTIFY committed from now on arrives. */
  listening(): void;
  notified(payload: string): void;
  /** The connection answered its health check (every `healthCheckMs`). */
  alive(): void;
  /** The connection failed or stopped answering: notifications may have been missed since. */
  lost(reason: string): void;
}

export interface NotificationListenerOptions {
  channel: string;
  /** How often the connection is asked `SELECT 1`; no answer within twice this counts as lost. */
  healthCheckMs: number;
  /** The wait before reconnecting after a loss. */
  retryMs: number;
}

/**
 * One connection that LISTENs on one channel and proves every `healthCheckMs` that it still
 * can: a LISTEN on a dead socket would otherwise look like a quiet channel. Reconnects after a
 * loss; whoever relies on it hears `lost` first, since anything sent meanwhile is gone.
 */
export class NotificationListener {
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: () => ClientConfig,
    private readonly options: NotificationListenerOptions,
    private readonly handlers: NotificationHandlers,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/u.test(options.channel)) throw new Error(`not a plain channel name: ${options.channel}`);
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.drop();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config());
    this.client = client;
    client.on('error', (err) => this.lose(client, err.message));
    client.on('notification', (n) => {
      if (n.channel === this.options.channel) this.handlers.notified(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (err) {
      this.lose(client, (err as Error).message);
      return;
    }
    if (this.client !== client) return;
    this.handlers.listening();
    this.scheduleCheck(client);
  }

  private scheduleCheck(client: Client): void {
    this.timer = setTimeout(() => {
      const deadline = setTimeout(() => this.lose(client, 'health check unanswered'), this.options.healthCheckMs * 2);
      client.query('SELECT 1').then(
        () => {
          clearTimeout(deadline);
          if (this.client !== client) return;
          this.handlers.alive();
          this.scheduleCheck(client);
        },
        (err: Error) => {
          clearTimeout(deadline);
          this.lose(client, err.message);
        },
      );
    }, this.options.healthCheckMs);
  }

  /** Once per connection: tell the handlers, close it, and try again later. */
  private lose(client: Client, reason: string): void {
    if (this.client !== client) return;
    clearTimeout(this.timer);
    void this.drop();
    this.handlers.lost(reason);
    if (!this.stopped) this.timer = setTimeout(() => void this.connect(), this.options.retryMs);
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }
}
