/** A field the caller must fix, named without echoing what was sent. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * What a service throws when a request cannot be done. Services speak in these, never in HTTP
 * statuses, because consumers call the same services; the one filter (problem-details.filter.ts)
 * turns each kind into its problem+json answer, and a consumer treats it like any other failure.
 * `detail` is shown to the caller: it must never carry personal data or input.
 */
export abstract class DomainError extends Error {
  protected constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist, or the caller may not know that it does. */
export class NotFoundError extends DomainError {
  constructor(detail: string) {
    super(detail);
  }
}

/** The request is understood but clashes with the current state (e.g. the last admin); `errors` names a field at fault, for a form to show. */
export class ConflictError extends DomainError {
  constructor(
    detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
  }
}

/** The input breaks a rule; `errors` names each field at fault. */
export class InvalidInputError extends DomainError {
  constructor(
    detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
  }
}

/** A link's token that is unknown, used or expired: all three look the same to the caller. */
export class InvalidTokenError extends DomainError {
  constructor(detail: string) {
    super(detail);
  }
}

/** No signed-in account, or one whose session has ended. */
export class NotSignedInError extends DomainError {
  constructor(detail = 'A signed-in account is required') {
    super(detail);
  }
}

/** The caller is known but lacks the role or standing to do this. */
export class NotAllowedError extends DomainError {
  constructor(detail: string) {
    super(detail);
  }
}

/** Too many attempts; the caller may try again after `retryAfterSeconds`. */
export class TooManyAttemptsError extends DomainError {
  constructor(
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}

/** Something this request needs is down for now; trying again later may work. */
export class TemporarilyUnavailableError extends DomainError {
  constructor(
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}
