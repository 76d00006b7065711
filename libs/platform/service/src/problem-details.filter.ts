import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from './problem-details';

/** Problem details that a handler throws on purpose, with field errors. */
export class ProblemException extends HttpException {
  /** `headers`: what the answer needs besides the body, e.g. `Retry-After` on a 429. */
  constructor(
    readonly details: ProblemDetails,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(details, details.status);
  }
}

function detailOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Every error leaves as application/problem+json. Unexpected errors become a bare 500: no stack,
 * no message that could carry input back out.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    let body: ProblemDetails;
    if (exception instanceof ProblemException) {
      body = exception.details;
    } else if (exception instanceof HttpException) {
      body = problem(exception.getStatus(), detailOf(exception));
    } else if (isBodyParserError(exception)) {
      body = problem(exception.status, exception.status === 413 ? 'Request body too large' : 'Request body is not valid JSON');
    } else {
      const err = exception as Error;
      this.logger.error({ err: { name: err?.name, message: err?.message, stack: err?.stack } }, 'unhandled error');
      body = problem(500, 'An unexpected error occurred');
    }
    if (response.headersSent) return;
    if (exception instanceof ProblemException) response.set(exception.headers);
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { type?: unknown }).type === 'string';
}
