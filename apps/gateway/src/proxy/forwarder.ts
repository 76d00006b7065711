import type { RouteMethod } from '@sargs/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamService } from '../routing/route';
import { upstreamDuration } from '../edge/gateway-metrics';
import { UpstreamFailure, type UpstreamFailureKind } from './upstream-failure';
import type { UpstreamPools } from './upstream-pools';

export interface UpstreamCall {
  service: UpstreamService;
  method: RouteMethod;
  /** Path and query below the service's base URL. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Socket-level failures: nothing listens, or the connection died before an answer. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** A pooled keep-alive socket the service closed just as we reused it: safe to retry a GET once. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET']);

function errorCode(err: unknown): string {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return err instanceof Error ? err.name : 'unknown';
}

/**
 * Sends one request to a service over its keep-alive pool and returns the whole answer, or throws
 * UpstreamFailure (logged by the caller, which knows the route). Bounded in time
 * (UPSTREAM_TIMEOUT_MS for headers and body together) and size.
 */
export class Forwarder {
  constructor(
    private readonly pools: UpstreamPools,
    private readonly timeoutMs: number,
  ) {}

  async call(call: UpstreamCall): Promise<UpstreamAnswer> {
    const started = process.hrtime.bigint();
    let outcome = 'bad-answer';
    try {
      const answer = await this.attempt(call).catch((err: unknown) => {
        if (call.method === 'GET' && err instanceof UpstreamFailure && STALE_SOCKET_CODES.has(err.reason)) return this.attempt(call);
        throw err;
      });
      outcome = `${Math.floor(answer.status / 100)}xx`;
      return answer;
    } catch (err) {
      const failure = err instanceof UpstreamFailure ? err : new UpstreamFailure(call.service, 'bad-answer', errorCode(err));
      outcome = failure.kind;
      throw failure;
    } finally {
      upstreamDuration.observe({ service: call.service, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async attempt(call: UpstreamCall): Promise<UpstreamAnswer> {
    const { pool, basePath } = this.pools.get(call.service);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await pool.request({
        path: `${basePath}${call.path}`,
        method: call.method,
        headers: call.headers,
        body: call.body && call.body.length > 0 ? call.body : null,
        signal: controller.signal,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      return { status: response.statusCode, headers: response.headers, body };
    } catch (err) {
      const code = errorCode(err);
      let kind: UpstreamFailureKind = 'bad-answer';
      if (timedOut || TIMEOUT_CODES.has(code)) kind = 'timeout';
      else if (UNAVAILABLE_CODES.has(code)) kind = 'unavailable';
      throw new UpstreamFailure(call.service, kind, timedOut ? 'timeout' : code);
    } finally {
      clearTimeout(timer);
    }
  }
}
