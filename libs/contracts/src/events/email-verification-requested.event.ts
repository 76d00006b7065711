import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { mailedTokenPayload } from './mailed-token.payload';

/** Identity asks notifications to mail a verification link; the token travels sealed. */
export const EmailVerificationRequested = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'EmailVerificationRequested',
  schemaVersion: 1,
  payload: mailedTokenPayload,
});
