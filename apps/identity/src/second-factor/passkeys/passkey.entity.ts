import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * A passkey (a WebAuthn discoverable credential) of an account: a second factor, and a login
 * without a password. Only the public key is kept; the private key never leaves the authenticator.
 */
@Entity({ name: 'passkey' })
@Index('IDX_passkey_account', ['accountId'])
export class Passkey {
  @NotPersonalData('random row id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  /** The authenticator's id for the credential: what a login names. Credential material, never exported (R11). */
  @PersonalData({
    purpose: 'recognising the owner’s passkey at login (second factor, login without a password)',
    retention: 'until the owner removes it or the account is erased',
    onErasure: 'erase',
    exported: false,
  })
  @Index('UQ_passkey_credential', { unique: true })
  @Column({ name: 'credential_id', type: 'bytea' })
  credentialId!: Buffer;

  @PersonalData({
    purpose: 'checking the signatures of the owner’s passkey (COSE public key)',
    retention: 'until the owner removes it or the account is erased',
    onErasure: 'erase',
    exported: false,
  })
  @Column({ name: 'public_key', type: 'bytea' })
  publicKey!: Buffer;

  /** The authenticator's signature counter: a count that goes back means a cloned authenticator. */
  @NotPersonalData('replay guard: a counter')
  @Column({ name: 'sign_count', type: 'bigint' })
  signCount!: string;

  @NotPersonalData('how the browser may reach the authenticator (usb, nfc, ble, hybrid, internal)')
  @Column({ type: 'jsonb' })
  transports!: string[];

  /** The owner's own label ("Laptop"): theirs, so it is part of an export. */
  @PersonalData({
    purpose: 'telling the owner’s passkeys apart on the security page',
    retention: 'until the owner removes it or the account is erased',
    onErasure: 'erase',
  })
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @NotPersonalData('credential timestamp')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('credential timestamp; null until its first login')
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
