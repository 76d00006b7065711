import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import {
  ConflictError,
  DomainError,
  InvalidInputError,
  InvalidTokenError,
  NotAllowedError,
  NotFoundError,
  NotSignedInError,
  TemporarilyUnavailableError,
  TooManyAttemptsError,
} from './domain-errors';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from './problem-details';

/** A problem answer: its body and the headers it needs besides (e.g. `Retry-After` on a 429). */
export interface ProblemAnswer {
  details: ProblemDetails;
  headers: Record<string, string>;
}

const retryAfter = (seconds: number | undefined): Record<string, string> => (seconds === undefined ? {} : { 'retry-after': String(seconds) });

/** The one place where a domain error becomes an HTTP status. */
export function problemOf(error: DomainError): ProblemAnswer {
  if (error instanceof InvalidInputError) return { details: problem(422, error.detail, [...error.errors]), headers: {} };
  if (error instanceof NotFoundError) return { details: problem(404, error.detail), headers: {} };
  if (error instanceof ConflictError) return { details: problem(409, error.detail, [...error.errors]), headers: {} };
  if (error instanceof InvalidTokenError) return { details: problem(400, error.detail), headers: {} };
  if (error instanceof NotSignedInError) return { details: problem(401, error.detail), headers: {} };
  if (error instanceof NotAllowedError) return { details: problem(403, error.detail), headers: {} };
  if (error instanceof TooManyAttemptsError) return { details: problem(429, error.detail), headers: retryAfter(error.retryAfterSeconds) };
  if (error instanceof TemporarilyUnavailableError) return { details: problem(503, error.detail), headers: retryAfter(error.retryAfterSeconds) };
  return { details: problem(500, 'An unexpected error occurred'), headers: {} };
}

function detailOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Every error leaves as application/problem+json: domain errors by their kind, Nest's own
 * (an unknown route) by their status, a body the parser refused as 400 or 413. Unexpected errors
 * become a bare 500: no stack, no message that could carry input back out.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const { details, headers } = this.answerFor(exception);
    if (response.headersSent) return;
    response.set(headers).status(details.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(details));
  }

  private answerFor(exception: unknown): ProblemAnswer {
    if (exception instanceof DomainError) return problemOf(exception);
    if (exception instanceof HttpException) return { details: problem(exception.getStatus(), detailOf(exception)), headers: {} };
    if (isBodyParserError(exception)) {
      return { details: problem(exception.status, exception.status === 413 ? 'Request body too large' : 'Request body is not valid JSON'), headers: {} };
    }
    const err = exception as Error;
    this.logger.error({ err: { name: err?.name, message: err?.message, stack: err?.stack } }, 'unhandled error');
    return { details: problem(500, 'An unexpected error occurred'), headers: {} };
  }
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { type?: unknown }).type === 'string';
}
