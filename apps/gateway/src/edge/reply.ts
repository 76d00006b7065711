import type { ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from '@sargs/platform/service/http';
import { gatewayErrors } from './gateway-metrics';

export type ExtraHeaders = Record<string, string | string[]>;

/**
 * Every answer of the API carries personal data or a decision about a person: no cache may keep
 * it unless the service says otherwise.
 */
const NO_STORE = 'no-store';

/**
 * A string body goes out in one write with the head (one TLS record, one syscall); Node writes a
 * Buffer body after the head as a second chunk.
 */
export function sendBody(res: ServerResponse, status: number, contentType: string | undefined, body: Buffer | string, headers: ExtraHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const all: ExtraHeaders = { 'cache-control': NO_STORE, ...headers };
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (contentType && bytes > 0) all['content-type'] = contentType;
  // 204 and 304 never have a body, not even a Content-Length.
  if (status !== 204 && status !== 304) all['content-length'] = String(bytes);
  res.writeHead(status, all);
  res.end(status === 204 || status === 304 ? undefined : body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: ExtraHeaders = {}): void {
  sendBody(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

export interface ProblemOptions {
  errors?: ProblemDetails['errors'];
  headers?: ExtraHeaders;
  /** Close the connection after answering: the request body was not (fully) read. */
  close?: boolean;
}

/** An error the gateway makes itself: problem+json, never a stack or upstream detail, counted. */
export function sendProblem(res: ServerResponse, status: number, detail: string, options: ProblemOptions = {}): void {
  gatewayErrors.inc({ status: String(status) });
  const headers: ExtraHeaders = { ...options.headers, ...(options.close ? { connection: 'close' } : {}) };
  sendBody(res, status, PROBLEM_CONTENT_TYPE, JSON.stringify(problem(status, detail, options.errors)), headers);
}
