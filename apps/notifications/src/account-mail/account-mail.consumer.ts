import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AccountRolesChanged,
  EmailChangeRequested,
  EmailVerificationRequested,
  ExistingAccountRegistrationAttempted,
  PasswordChanged,
  PasswordResetRequested,
  PrivacyRequestAnswered,
  SuspiciousLoginDetected,
  type EventFrom,
} from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { AccountMailService } from './account-mail.service';

/** identity's requests for transactional mail (R16) and its security warnings (lockout, roles changed); retention's answered privacy requests (R12). */
@Injectable()
export class AccountMailConsumer {
  constructor(private readonly mail: AccountMailService) {}

  @EventHandler(EmailVerificationRequested)
  onVerification(event: EventFrom<typeof EmailVerificationRequested>, manager: EntityManager): Promise<void> {
    return this.mail.verification(manager, event);
  }

  @EventHandler(PasswordResetRequested)
  onPasswordReset(event: EventFrom<typeof PasswordResetRequested>, manager: EntityManager): Promise<void> {
    return this.mail.passwordReset(manager, event);
  }

  @EventHandler(EmailChangeRequested)
  onEmailChange(event: EventFrom<typeof EmailChangeRequested>, manager: EntityManager): Promise<void> {
    return this.mail.emailChange(manager, event);
  }

  @EventHandler(ExistingAccountRegistrationAttempted)
  onRegistrationAttempt(event: EventFrom<typeof ExistingAccountRegistrationAttempted>, manager: EntityManager): Promise<void> {
    return this.mail.registrationAttempt(manager, event);
  }

  @EventHandler(SuspiciousLoginDetected)
  onSuspiciousLogin(event: EventFrom<typeof SuspiciousLoginDetected>, manager: EntityManager): Promise<void> {
    return this.mail.suspiciousLogin(manager, event);
  }

  @EventHandler(PasswordChanged)
  onPasswordChanged(event: EventFrom<typeof PasswordChanged>, manager: EntityManager): Promise<void> {
    return this.mail.passwordChanged(manager, event);
  }

  @EventHandler(AccountRolesChanged)
  onRolesChanged(event: EventFrom<typeof AccountRolesChanged>, manager: EntityManager): Promise<void> {
    return this.mail.rolesChanged(manager, event);
  }

  @EventHandler(PrivacyRequestAnswered)
  onPrivacyRequestAnswered(event: EventFrom<typeof PrivacyRequestAnswered>, manager: EntityManager): Promise<void> {
    return this.mail.privacyRequestAnswered(manager, event);
  }
}
