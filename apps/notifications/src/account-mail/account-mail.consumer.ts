import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AccountRolesChanged,
  EmailChangeRequested,
  EmailVerificationRequested,
  ExistingAccountRegistrationAttempted,
  PasswordChanged,
  PasswordResetRequested,
  PrivacyRequestAnswered,
  SecondFactorChanged,
  SuspiciousLoginDetected,
  type EventFrom,
} from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { AccountMailService } from './account-mail.service';

/** identity's requests for transactional mail (R16) and its security warnings (lockout, roles changed); retention's answered privacy requests (R12). */
@Controller()
export class AccountMailConsumer {
  constructor(private readonly mail: AccountMailService) {}

  @EventPattern(EmailVerificationRequested)
  onVerification(@Payload() event: EventFrom<typeof EmailVerificationRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.verification(context.getManager(), event);
  }

  @EventPattern(PasswordResetRequested)
  onPasswordReset(@Payload() event: EventFrom<typeof PasswordResetRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.passwordReset(context.getManager(), event);
  }

  @EventPattern(EmailChangeRequested)
  onEmailChange(@Payload() event: EventFrom<typeof EmailChangeRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.emailChange(context.getManager(), event);
  }

  @EventPattern(ExistingAccountRegistrationAttempted)
  onRegistrationAttempt(@Payload() event: EventFrom<typeof ExistingAccountRegistrationAttempted>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.registrationAttempt(context.getManager(), event);
  }

  @EventPattern(SuspiciousLoginDetected)
  onSuspiciousLogin(@Payload() event: EventFrom<typeof SuspiciousLoginDetected>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.suspiciousLogin(context.getManager(), event);
  }

  @EventPattern(PasswordChanged)
  onPasswordChanged(@Payload() event: EventFrom<typeof PasswordChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.passwordChanged(context.getManager(), event);
  }

  @EventPattern(AccountRolesChanged)
  onRolesChanged(@Payload() event: EventFrom<typeof AccountRolesChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.rolesChanged(context.getManager(), event);
  }

  @EventPattern(SecondFactorChanged)
  onSecondFactorChanged(@Payload() event: EventFrom<typeof SecondFactorChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.secondFactorChanged(context.getManager(), event);
  }

  @EventPattern(PrivacyRequestAnswered)
  onPrivacyRequestAnswered(@Payload() event: EventFrom<typeof PrivacyRequestAnswered>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.privacyRequestAnswered(context.getManager(), event);
  }
}
