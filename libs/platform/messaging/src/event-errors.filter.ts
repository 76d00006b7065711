import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands an event handler's exception to the transport as it was thrown. Nest's default RPC filter
 * would log it and replace it with a generic object, so the inbox could no longer tell a
 * PoisonMessageError (dead-letter now) from a transient failure (retry), and error text that may
 * carry personal data would reach the log.
 */
@Catch()
export class EventErrorsFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
