import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { mailDeliveryPayload } from './mail-delivery.payload';

/** The relay accepted a mail for this account (R17: who was notified, and when). */
export const MailDelivered = defineEvent({
  topic: TOPICS.notificationsDelivery,
  type: 'MailDelivered',
  schemaVersion: 1,
  payload: mailDeliveryPayload,
});
