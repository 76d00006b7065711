import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  STAFF_ROLES,
  type AccountRolesChanged,
  type EmailChangeRequested,
  type EmailVerificationRequested,
  type EventDefinition,
  type EventFrom,
  type ExistingAccountRegistrationAttempted,
  type PasswordChanged,
  type SecondFactorChanged,
  type PasswordResetRequested,
  type PrivacyRequestAnswered,
  type SuspiciousLoginDetected,
} from '@sargs/contracts';
import { RecipientRepository } from '../directory/recipient.repository';
import { OutgoingMailRepository } from '../outgoing/outgoing-mail.repository';

type Event<D extends EventDefinition> = EventFrom<D>;

/**
 * The transactional mail identity's events ask for (R16): one queued mail per event and
 * template, so a redelivered event mails nobody twice. Tokens stay sealed in the queue.
 */
@Injectable()
export class AccountMailService {
  constructor(
    private readonly queue: OutgoingMailRepository,
    private readonly directory: RecipientRepository,
  ) {}

  verification(manager: EntityManager, event: Event<typeof EmailVerificationRequested>): Promise<void> {
    const { accountId, email, language, token, expiresAt } = event.payload;
    return this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:verify-email`,
      accountId,
      template: 'verify-email',
      params: { token, sealedFor: event.type, expiresAt, language },
      toAddress: email,
    });
  }

  passwordReset(manager: EntityManager, event: Event<typeof PasswordResetRequested>): Promise<void> {
    const { accountId, email, language, token, expiresAt } = event.payload;
    return this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:password-reset`,
      accountId,
      template: 'password-reset',
      params: { token, sealedFor: event.type, expiresAt, language },
      toAddress: email,
    });
  }

  /**
   * The link to the new address; a notice, without it, to the current one. The notice's recipient
   * is fixed now, from the directory as this event finds it (events of one account arrive in
   * order): a notice retried after the change completes must still go to the old address, never
   * to the one that took the account over.
   */
  async emailChange(manager: EntityManager, event: Event<typeof EmailChangeRequested>): Promise<void> {
    const { accountId, newEmail, language, token, expiresAt } = event.payload;
    await this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:email-change-confirm`,
      accountId,
      template: 'email-change-confirm',
      params: { token, sealedFor: event.type, expiresAt, language },
      toAddress: newEmail,
    });
    const current = await this.directory.currentAddress(manager, accountId);
    if (current) await this.queue.enqueue(manager, { dedupeKey: `${event.eventId}:email-change-notice`, accountId, template: 'email-change-notice', params: {}, toAddress: current });
  }

  registrationAttempt(manager: EntityManager, event: Event<typeof ExistingAccountRegistrationAttempted>): Promise<void> {
    return this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:registration-attempt`,
      accountId: event.payload.accountId,
      template: 'registration-attempt',
      params: {},
    });
  }

  suspiciousLogin(manager: EntityManager, event: Event<typeof SuspiciousLoginDetected>): Promise<void> {
    const { accountId, failedAttempts, detectedAt } = event.payload;
    return this.queue.enqueue(manager, { dedupeKey: `${event.eventId}:suspicious-login`, accountId, template: 'suspicious-login', params: { failedAttempts, detectedAt } });
  }

  passwordChanged(manager: EntityManager, event: Event<typeof PasswordChanged>): Promise<void> {
    const { accountId, via, changedAt } = event.payload;
    return this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:password-changed`,
      accountId,
      template: 'password-changed',
      params: { via, changedAt },
    });
  }

  /** Tells the person their second factors changed (a security notice: it cannot be refused). */
  secondFactorChanged(manager: EntityManager, event: Event<typeof SecondFactorChanged>): Promise<void> {
    const { accountId, method, change, remainingRecoveryCodes, changedAt } = event.payload;
    return this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:second-factor-changed`,
      accountId,
      template: 'second-factor-changed',
      params: { method, change, changedAt, ...(remainingRecoveryCodes === undefined ? {} : { remainingRecoveryCodes }) },
    });
  }

  /** Tells the person which staff roles an admin left them with (a security notice: it cannot be refused). */
  rolesChanged(manager: EntityManager, event: Event<typeof AccountRolesChanged>): Promise<void> {
    const { accountId, roles, changedAt } = event.payload;
    return this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:roles-changed`,
      accountId,
      template: 'roles-changed',
      params: { staffRoles: roles.filter((role) => STAFF_ROLES.includes(role)), changedAt },
    });
  }

  /** Tells the person their privacy request was answered or rejected; the answer stays on the account page. */
  privacyRequestAnswered(manager: EntityManager, event: Event<typeof PrivacyRequestAnswered>): Promise<void> {
    const { accountId, status } = event.payload;
    return this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:privacy-request-answered`,
      accountId,
      template: 'privacy-request-answered',
      params: { status },
    });
  }
}
