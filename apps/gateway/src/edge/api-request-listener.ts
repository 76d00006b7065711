import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '@sargs/platform/observability';
import { isApiRequest, type ApiPipeline } from '../pipeline/api-pipeline';
import { securityHeaders } from './security-headers';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts the API pipeline in front of Express on the gateway's HTTP server: a request for /api/v1
 * gets its security headers and goes straight to the pipeline; everything else (the pages, the API
 * documentation, health, 404s) goes on to Express and Nest as before. Express replaces the
 * prototype of every request and response and walks its router and middleware chain; for an API
 * request, which needs none of it (the pipeline reads bodies, routes and answers itself), that
 * cost more than the request's own work: GET /me served 2.5 times as many requests without it
 * (docs/performance.md, "GET /me").
 */
export function serveApiBeforeExpress(server: Server, pipeline: ApiPipeline, logger: Logger): void {
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) throw new Error(`expected the HTTP server to have one request listener (Express), not ${listeners.length}`);
  const [express] = listeners;
  server.removeListener('request', express);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!isApiRequest(req.url)) return express(req, res);
    securityHeaders(req, res, () => {
      pipeline.handle(req, res).catch((err: Error) => {
        // handle() answers every failure itself; this is the last line of defence.
        logger.error({ err: { name: err.name, message: err.message } }, 'api pipeline failed');
        if (!res.headersSent) res.destroy();
      });
    });
  });
}
