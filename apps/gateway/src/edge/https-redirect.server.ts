import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import type { AppConfig } from '../config/app-config';

/**
 * Plain HTTP answers only with a redirect to the same path on the HTTPS origin (R7): 308 keeps
 * the method, and no body carries data. Off when HTTP_REDIRECT_PORT is 0 (behind an ingress).
 */
@Injectable()
export class HttpsRedirectServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { HTTP_REDIRECT_PORT: port, PUBLIC_ORIGIN: origin } = this.config;
    if (port === 0) return;
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').startsWith('/') ? (req.url ?? '/') : '/';
      res.writeHead(308, { Location: `${origin}${path}`, 'Content-Length': '0', Connection: 'close' });
      res.end();
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '0.0.0.0', resolve);
    });
    this.logger.info({ port }, 'plain HTTP redirects to HTTPS');
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
