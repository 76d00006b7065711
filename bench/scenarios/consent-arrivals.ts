import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsentChanged, type EventFrom } from '@sargs/contracts';
import { EventPattern } from '@sargs/platform/messaging';

export interface Arrival {
  /** Date.now() when the handler was called: the event is visible to a consumer such as notifications. */
  at: number;
  eventId: string;
  granted: boolean;
  method: string;
  /** The record's time, which the PUT's answer carries as `updatedAt`. */
  recordedAt: string;
}

export const arrivalKey = (accountId: string, sequence: number): string => `${accountId}#${sequence}`;

/** The bench's ConsentChanged consumer: notes when each ledger record arrives, by (account, sequence). */
@Controller()
export class ConsentArrivals {
  readonly arrived = new Map<string, Arrival>();

  @EventPattern(ConsentChanged)
  record(@Payload() event: EventFrom<typeof ConsentChanged>): Promise<void> {
    const at = Date.now();
    const { accountId, sequence, granted, method, at: recordedAt } = event.payload;
    // A redelivery (a rolled-back inbox transaction) keeps the first arrival.
    const key = arrivalKey(accountId, sequence);
    if (!this.arrived.has(key)) this.arrived.set(key, { at, eventId: event.eventId, granted, method, recordedAt });
    return Promise.resolve();
  }
}
