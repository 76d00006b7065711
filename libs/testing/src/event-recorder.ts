import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
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
import { EventPattern } from '@sargs/platform/messaging';

/** Events a recorder saw, in arrival order, for the test to read. */
export class RecordedEvents {
  readonly events: EventEnvelope[] = [];
}

/** What IdentityEventRecorder saw. */
export class IdentityEvents extends RecordedEvents {}

/** What ConsentEventRecorder saw. */
export class ConsentEvents extends RecordedEvents {}

/**
 * Records identity's events (and profile's ProfileChanged) as a consumer sees them on Kafka, so e2e tests can assert what was
 * published (and read sealed tokens) without looking into identity's database.
 */
@Controller()
export class IdentityEventRecorder {
  constructor(private readonly seen: IdentityEvents) {}

  private record(event: EventEnvelope): Promise<void> {
    this.seen.events.push(event);
    return Promise.resolve();
  }

  @EventPattern(AccountRegistered)
  onRegistered(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(EmailVerificationRequested)
  onVerificationRequested(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(AccountEmailVerified)
  onVerified(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(ExistingAccountRegistrationAttempted)
  onExistingAccount(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(PasswordResetRequested)
  onResetRequested(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(PasswordChanged)
  onPasswordChanged(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(AccountClosureRequested)
  onClosureRequested(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(EmailChangeRequested)
  onEmailChangeRequested(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(AccountEmailChanged)
  onEmailChanged(@Payload() e: EventEnvelope) {
    return this.record(e);
  }

  @EventPattern(ProfileChanged)
  onProfileChanged(@Payload() e: EventEnvelope) {
    return this.record(e);
  }
}

/** Records consent's events (consent.consent.v1, consent.policy.v1) as a consumer sees them on Kafka. */
@Controller()
export class ConsentEventRecorder {
  constructor(private readonly seen: ConsentEvents) {}

  @EventPattern(ConsentChanged)
  onConsentChanged(@Payload() e: EventEnvelope) {
    this.seen.events.push(e);
    return Promise.resolve();
  }

  @EventPattern(PolicyPublished)
  onPolicyPublished(@Payload() e: EventEnvelope) {
    this.seen.events.push(e);
    return Promise.resolve();
  }
}
