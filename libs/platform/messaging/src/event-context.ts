import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { IncomingMessage } from './incoming-message';

/**
 * What `@Ctx()` gives an event handler: the transaction its inbox record commits in (every write
 * of the handler goes through it, so the effect commits with the record or not at all) and the
 * Kafka record it came in.
 */
export class EventContext extends BaseRpcContext<[EntityManager, IncomingMessage]> {
  getManager(): EntityManager {
    return this.args[0];
  }

  getMessage(): IncomingMessage {
    return this.args[1];
  }
}
