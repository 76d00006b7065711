import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import type { AppConfig } from './config/app-config';
import { GATEWAY_CONFIG } from './config/gateway-config.token';
import { serveApiDocs } from './docs/api-docs';
import { buildOpenApiDocument } from './docs/openapi-document';
import { usePageBodyParsers } from './edge/page-body-parsers';
import { securityHeaders } from './edge/security-headers';
import { ApiPipeline, isApiRequest } from './pipeline/api-pipeline';
import { ROUTE_TABLE } from './routing/route-table';

/**
 * Express-level set-up, before Nest adds its body parsers and routes: security headers on every
 * answer, then the API pipeline for /api/v1 (it reads bodies itself, so no parser may run first),
 * then the API documentation, then the page forms' body parsers. Health, metrics and 404s stay
 * with Nest.
 */
export function configureGateway(app: INestApplication): void {
  const pipeline = app.get(ApiPipeline);
  const config = app.get<AppConfig>(GATEWAY_CONFIG);
  const logger = app.get<Logger>(APP_LOGGER);
  app.use(securityHeaders);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isApiRequest(req.url)) return next();
    pipeline.handle(req, res).catch((err: Error) => {
      // handle() answers every failure itself; this is the last line of defence.
      logger.error({ err: { name: err.name, message: err.message } }, 'api pipeline failed');
      if (!res.headersSent) res.destroy();
    });
  });
  serveApiDocs(app, buildOpenApiDocument(ROUTE_TABLE, { bodyLimitBytes: config.BODY_LIMIT_BYTES }));
  usePageBodyParsers(app);
}
