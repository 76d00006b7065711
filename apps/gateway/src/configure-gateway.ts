import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import type { AppConfig } from './config/app-config';
import { GATEWAY_CONFIG } from './config/gateway-config.token';
import { serveApiDocs } from './docs/api-docs';
import { buildOpenApiDocument } from './docs/openapi-document';
import { serveApiBeforeExpress } from './edge/api-request-listener';
import { usePageBodyParsers } from './edge/page-body-parsers';
import { securityHeaders } from './edge/security-headers';
import { ApiPipeline } from './pipeline/api-pipeline';
import { ROUTE_TABLE } from './routing/route-table';

/**
 * The HTTP server's set-up: /api/v1 goes to the API pipeline before Express (it reads bodies
 * itself, so no parser may run first); for everything else, Express-level set-up before Nest
 * adds its body parsers and routes: security headers on every answer, the API documentation,
 * then the page forms' body parsers. Health, metrics and 404s stay with Nest.
 */
export function configureGateway(app: INestApplication): void {
  const pipeline = app.get(ApiPipeline);
  const config = app.get<AppConfig>(GATEWAY_CONFIG);
  const logger = app.get<Logger>(APP_LOGGER);
  serveApiBeforeExpress(app.getHttpServer() as Server, pipeline, logger);
  // Nothing says which framework answers (helmet removed the header per request; now it is never set).
  (app as NestExpressApplication).disable('x-powered-by');
  app.use(securityHeaders);
  serveApiDocs(app, buildOpenApiDocument(ROUTE_TABLE, { bodyLimitBytes: config.BODY_LIMIT_BYTES }));
  usePageBodyParsers(app);
}
