import { Injectable } from '@nestjs/common';
import {
  AccountClosureRequested,
  AccountEmailChanged,
  AccountEmailVerified,
  AccountRegistered,
  ConsentChanged,
  EmailChangeRequested,
  EmailVerificationRequested,
  ExistingAccountRegistrationAttempted,
  PasswordChanged,
  PasswordResetRequested,
  PolicyPublished,
  ProfileChanged,
  type EventEnvelope,
} from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';

/**
 * Records identity's events (and profile's ProfileChanged) as a consumer sees them on Kafka, so e2e tests can assert what was
 * published (and read sealed tokens) without looking into identity's database.
 */
@Injectable()
export class IdentityEventRecorder {
  readonly events: EventEnvelope[] = [];

  private record(event: EventEnvelope): Promise<void> {
    this.events.push(event);
    return Promise.resolve();
  }

  @EventHandler(AccountRegistered)
  onRegistered(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(EmailVerificationRequested)
  onVerificationRequested(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(AccountEmailVerified)
  onVerified(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(ExistingAccountRegistrationAttempted)
  onExistingAccount(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(PasswordResetRequested)
  onResetRequested(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(PasswordChanged)
  onPasswordChanged(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(AccountClosureRequested)
  onClosureRequested(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(EmailChangeRequested)
  onEmailChangeRequested(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(AccountEmailChanged)
  onEmailChanged(e: EventEnvelope) {
    return this.record(e);
  }

  @EventHandler(ProfileChanged)
  onProfileChanged(e: EventEnvelope) {
    return this.record(e);
  }
}

/** Records consent's events (consent.consent.v1, consent.policy.v1) as a consumer sees them on Kafka. */
@Injectable()
export class ConsentEventRecorder {
  readonly events: EventEnvelope[] = [];

  @EventHandler(ConsentChanged)
  onConsentChanged(e: EventEnvelope) {
    this.events.push(e);
    return Promise.resolve();
  }

  @EventHandler(PolicyPublished)
  onPolicyPublished(e: EventEnvelope) {
    this.events.push(e);
    return Promise.resolve();
  }
}
