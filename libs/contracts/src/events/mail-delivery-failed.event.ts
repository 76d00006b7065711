import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { mailDeliveryPayload } from './mail-delivery.payload';

/**
 * A mail was given up: the relay refused it for good, or it ran out of attempts. `reason` is a
 * code (`smtp-550`, `connection`, `no-address`), never the relay's text, which may echo the address.
 */
export const MailDeliveryFailed = defineEvent({
  topic: TOPICS.notificationsDelivery,
  type: 'MailDeliveryFailed',
  schemaVersion: 1,
  payload: mailDeliveryPayload.extend({ reason: z.string().regex(/^[a-z0-9-]{1,40}$/u) }).strict(),
});
