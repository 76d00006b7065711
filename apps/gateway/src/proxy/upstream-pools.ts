import { Pool } from 'undici';
import type { OnApplicationShutdown } from '@nestjs/common';
import { UPSTREAM_SERVICES, type UpstreamService } from '../routing/route';

export interface UpstreamPoolOptions {
  /** Connections per service at most; requests beyond queue in the pool. */
  connections: number;
  /** Also the pool's header and body timeouts, so a stuck socket is never held longer. */
  timeoutMs: number;
  /** Largest answer accepted from a service (a bigger one is a bad answer, 502). */
  maxResponseBytes: number;
}

interface Upstream {
  pool: Pool;
  /** A base URL may carry a path prefix; forwarded paths go below it. */
  basePath: string;
}

/**
 * One keep-alive connection pool per service (undici), so forwarding costs no TCP handshake per
 * request and a slow service queues its own requests without starving the others.
 */
export class UpstreamPools implements OnApplicationShutdown {
  private readonly upstreams = new Map<UpstreamService, Upstream>();

  constructor(urls: Record<UpstreamService, string>, options: UpstreamPoolOptions) {
    for (const service of UPSTREAM_SERVICES) {
      const url = new URL(urls[service]);
      const pool = new Pool(url.origin, {
        connections: options.connections,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        connectTimeout: Math.min(options.timeoutMs, 2_000),
        maxResponseSize: options.maxResponseBytes,
        keepAliveTimeout: 4_000,
      });
      this.upstreams.set(service, { pool, basePath: url.pathname.replace(/\/+$/, '') });
    }
  }

  get(service: UpstreamService): Upstream {
    const upstream = this.upstreams.get(service);
    if (!upstream) throw new Error(`no upstream for ${service}`);
    return upstream;
  }

  async close(): Promise<void> {
    await Promise.all([...this.upstreams.values()].map(({ pool }) => pool.close().catch(() => pool.destroy())));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/** The services' base URLs from the gateway config (<NAME>_URL). */
export function upstreamUrls(config: Record<`${Uppercase<UpstreamService>}_URL`, string>): Record<UpstreamService, string> {
  return Object.fromEntries(UPSTREAM_SERVICES.map((s) => [s, config[`${s.toUpperCase() as Uppercase<UpstreamService>}_URL`]])) as Record<
    UpstreamService,
    string
  >;
}
