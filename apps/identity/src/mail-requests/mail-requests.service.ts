import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SecretSealer } from '@sargs/platform/secrets';
import type { MailRequestContent, MailRequestKind, SignUpRequest } from './mail-request.entity';
import { MailRequestRepository, type PendingMailRequest } from './mail-request.repository';

/** The AAD of a sealed request: its content cannot be read as another kind of request. */
const sealingContext = (kind: MailRequestKind) => `identity.mail-request:${kind}`;

/**
 * The request side of sign-up, resend and reset: one sealed queue row, the same work whether or
 * not the address has an account, so neither the answer nor its timing tells (docs/identity.md,
 * "Mail requests"). MailRequestProcessor does the rest.
 */
@Injectable()
export class MailRequests {
  constructor(
    private readonly requests: MailRequestRepository,
    private readonly sealer: SecretSealer,
  ) {}

  requestVerification(email: string): Promise<void> {
    return this.enqueue({ kind: 'verify-email', email }, null);
  }

  requestReset(email: string): Promise<void> {
    return this.enqueue({ kind: 'reset-password', email }, null);
  }

  /** The new account gets this id if the address is free. */
  signUp(signUp: SignUpRequest): Promise<void> {
    return this.enqueue({ kind: 'sign-up', signUp }, randomUUID());
  }

  /** What a queued request carries. */
  open(request: PendingMailRequest): MailRequestContent {
    return JSON.parse(this.sealer.open(request.sealed, sealingContext(request.kind))) as MailRequestContent;
  }

  private enqueue(content: MailRequestContent, accountId: string | null): Promise<void> {
    return this.requests.enqueue(content.kind, accountId, this.sealer.seal(JSON.stringify(content), sealingContext(content.kind)));
  }
}
