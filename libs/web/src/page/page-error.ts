/**
 * A page that cannot be shown as asked: rendered by the error page renderer with this status
 * (400, 403, 404, 413, 429, 503), or, for `session-ended`, a redirect to the login page.
 */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly reason: 'bad-request' | 'forbidden' | 'forbidden-staff' | 'second-factor-required' | 'not-found' | 'too-large' | 'too-many' | 'unavailable' | 'session-ended',
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
  }
}
