import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { mailedTokenPayload } from './mailed-token.payload';

/** Identity asks notifications to mail a password-reset link; the token travels sealed. */
export const PasswordResetRequested = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'PasswordResetRequested',
  schemaVersion: 1,
  payload: mailedTokenPayload,
});
