/**
 * Thrown by a handler for an event that can never be processed (retrying cannot help): the
 * consumer sends it to the dead-letter topic at once instead of retrying.
 */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonMessageError';
  }
}
