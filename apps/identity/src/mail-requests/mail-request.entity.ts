import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';
import type { Language, SealedSecret } from '@sargs/contracts';

/**
 * What the request asked for: `sign-up` (create the account, or notice the owner of a taken
 * address), `verify-email` (a new link to an unverified account), `reset-password`.
 */
export type MailRequestKind = 'sign-up' | 'verify-email' | 'reset-password';

/** A sign-up as its request accepted it, for the worker to create the account from. */
export interface SignUpRequest {
  email: string;
  name: string;
  passwordHash: string;
  language: Language;
  acceptedPolicyVersion: string;
  marketingEmails: boolean;
}

/** What a request carries, sealed: the address, and for a sign-up everything the account is made of. */
export type MailRequestContent = { kind: 'sign-up'; signUp: SignUpRequest } | { kind: 'verify-email' | 'reset-password'; email: string };

/**
 * A request that may end in a mail (sign-up, resend, reset), queued by the public endpoint with
 * the same single INSERT whether or not the address has an account, so the answer's timing says
 * nothing about it. MailRequestProcessor does the real work off the request path (docs/identity.md).
 */
@Entity({ name: 'mail_request' })
export class MailRequest {
  @NotPersonalData('queue position')
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @NotPersonalData('what was requested: sign-up, verify-email or reset-password')
  @Column({ type: 'varchar', length: 16 })
  kind!: MailRequestKind;

  /**
   * A sign-up's: the id the new account gets (it never becomes an account when the address is
   * taken). Null for a resend or reset: whose address it is, the worker finds out.
   */
  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId!: string | null;

  /** MailRequestContent sealed with AES-256-GCM (identity's sealing key): no address in clear, even in a backup. */
  @PersonalData({
    purpose: 'doing what a sign-up, verification resend or password reset asked for (R1, R6)',
    retention: 'until the worker processes the request, normally within a second; deleted then',
    onErasure: 'erase',
    exported: false,
  })
  @Column({ type: 'jsonb' })
  sealed!: SealedSecret;

  @NotPersonalData('request timestamp')
  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @NotPersonalData('failed processing attempts; the request is dropped after a few')
  @Column({ type: 'integer', default: 0 })
  attempts!: number;
}
