import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PasskeyAssertionCredential, PasskeyRegistrationBody, PasskeyView } from '@sargs/contracts';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { ConflictError, InvalidInputError, NotFoundError, NotSignedInError, SERVICE_CONFIG } from '@sargs/platform/service';
import { AccountRepository } from '../../accounts/account.repository';
import type { AppConfig } from '../../config/app-config';
import { LoginService } from '../../sessions/login.service';
import { SessionsService, type CreatedSession } from '../../sessions/sessions.service';
import { ThrottleService } from '../../throttling/throttle.service';
import { SecondFactorChanges } from '../second-factor-changes';
import { SecondFactorRepository } from '../second-factor.repository';
import type { PasskeyCeremony } from './passkey-challenge.entity';
import { PasskeyRepository, type StoredPasskey } from './passkey.repository';

/** A challenge is answered within this long, or never (WebAuthn's own timeout says the same to the browser). */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000;
/** ES256 and RS256: what platform authenticators and security keys make (Ed25519 is rarer, and fine too). */
const ALGORITHMS = [-7, -8, -257];
const NOT_ACCEPTED = 'The passkey was not accepted';
const TRANSPORTS: ReadonlySet<string> = new Set<AuthenticatorTransportFuture>(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

export interface PasskeyOptions {
  challengeId: string;
  options: { challenge: string } & Record<string, unknown>;
}

/** The 16 bytes of the account id: the WebAuthn user handle, random and without personal data. */
const userHandleOf = (accountId: string): Buffer => Buffer.from(accountId.replace(/-/gu, ''), 'hex');

/**
 * Passkeys (WebAuthn discoverable credentials, @simplewebauthn/server): adding and removing them,
 * a login's second step, and a login without a password. Every challenge is kept server-side and
 * answered once; the signature counter must go up (a counter that goes back is a cloned authenticator).
 */
@Injectable()
export class PasskeyService {
  private readonly rpId: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passkeys: PasskeyRepository,
    private readonly factors: SecondFactorRepository,
    private readonly changes: SecondFactorChanges,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionsService,
    private readonly login: LoginService,
    private readonly throttle: ThrottleService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {
    this.rpId = config.WEBAUTHN_RP_ID ?? new URL(config.WEBAUTHN_ORIGIN).hostname;
  }

  async list(accountId: string): Promise<PasskeyView[]> {
    return (await this.passkeys.list(accountId)).map(view);
  }

  /** Options to make a discoverable passkey with user verification: it also serves a login without a password. */
  async registrationOptions(accountId: string, sessionId: string): Promise<PasskeyOptions> {
    const account = await this.accounts.activeCredentials(accountId);
    if (!account) throw new NotSignedInError('The session is no longer valid');
    const existing = await this.passkeys.descriptors(accountId);
    const options = await generateRegistrationOptions({
      rpName: this.config.WEBAUTHN_RP_NAME,
      rpID: this.rpId,
      userName: account.email,
      userDisplayName: account.name,
      userID: new Uint8Array(userHandleOf(accountId)),
      timeout: PASSKEY_CHALLENGE_TTL_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.credentialId.toString('base64url'), transports: c.transports as AuthenticatorTransportFuture[] })),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      supportedAlgorithmIDs: ALGORITHMS,
    });
    return this.withChallenge('register', options, accountId, sessionId);
  }

  /**
   * Adds the passkey the browser made. The first second factor of the account also issues the
   * recovery codes; the session counts as having given its second factor (it just proved one).
   */
  async register(accountId: string, sessionId: string, body: PasskeyRegistrationBody): Promise<{ passkey: PasskeyView; recoveryCodes?: string[] }> {
    const challenge = await this.passkeys.takeChallenge(body.challengeId, 'register', accountId, sessionId);
    if (!challenge) throw new InvalidInputError('The challenge is unknown, used or expired; start again', [{ field: 'challengeId', message: 'is unknown, used or expired' }]);
    const verified = await verifyRegistrationResponse({
      response: { ...body.credential, clientExtensionResults: body.credential.clientExtensionResults ?? {} } as RegistrationResponseJSON,
      expectedChallenge: challenge.challenge,
      expectedOrigin: this.config.WEBAUTHN_ORIGIN,
      expectedRPID: this.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    }).catch(() => undefined);
    if (!verified?.verified) throw notAccepted();
    const { credential } = verified.registrationInfo;
    const id = randomUUID();
    const added = await this.dataSource.transaction(async (manager) => {
      await this.passkeys.lockAccount(manager, accountId);
      const before = await this.factors.summary(manager, accountId);
      const inserted = await this.passkeys.insert(manager, {
        id,
        accountId,
        credentialId: Buffer.from(credential.id, 'base64url'),
        publicKey: Buffer.from(credential.publicKey),
        signCount: credential.counter,
        transports: (credential.transports ?? body.credential.response.transports ?? []).filter((t) => TRANSPORTS.has(t)),
        name: body.name,
      });
      if (!inserted) return undefined;
      const recoveryCodes = !before.totp && before.passkeys === 0 ? await this.changes.issueRecoveryCodes(manager, accountId) : undefined;
      await this.sessions.completeSecondFactor(manager, accountId, sessionId);
      await this.changes.record(manager, accountId, 'passkey', 'added');
      return { createdAt: inserted.createdAt, recoveryCodes };
    });
    if (!added) throw new ConflictError('This passkey is registered already');
    const passkey = view({ id, name: body.name, createdAt: added.createdAt, lastUsedAt: null });
    return added.recoveryCodes ? { passkey, recoveryCodes: added.recoveryCodes } : { passkey };
  }

  /** Removal needs the password; with no second factor left the recovery codes go too. */
  async remove(accountId: string, id: string, password: string): Promise<void> {
    await this.login.confirmPassword(accountId, password, 'password');
    const removed = await this.dataSource.transaction(async (manager) => {
      await this.passkeys.lockAccount(manager, accountId);
      if (!(await this.passkeys.remove(manager, accountId, id))) return false;
      await this.changes.dropRecoveryCodesIfLast(manager, accountId);
      await this.changes.record(manager, accountId, 'passkey', 'removed');
      return true;
    });
    if (!removed) throw new NotFoundError('No such passkey');
  }

  /** A login without a password: the same options for everyone (no account is named, so none is revealed). */
  async loginOptions(): Promise<PasskeyOptions> {
    const options = await generateAuthenticationOptions({ rpID: this.rpId, userVerification: 'required', timeout: PASSKEY_CHALLENGE_TTL_MS });
    return this.withChallenge('login', options, null, null);
  }

  /**
   * A login without a password: a passkey with user verification is both factors, so the session
   * is complete at once. Every failure is the same 401 and costs the client an attempt of its login budget.
   */
  async loginWithPasskey(
    challengeId: string,
    credential: PasskeyAssertionCredential,
    clientAddress: string | undefined,
    userAgent: string | undefined,
    replaces?: { accountId: string; sessionId: string },
  ): Promise<CreatedSession> {
    const budget = await this.login.reserveClientLoginAttempt(clientAddress);
    const challenge = await this.passkeys.takeChallenge(challengeId, 'login', null, null);
    const passkey = challenge && (await this.passkeys.byCredentialId(Buffer.from(credential.id, 'base64url')));
    // The user handle the authenticator stored with the passkey must name the passkey's account.
    const handleMatches = !credential.response.userHandle || (passkey && credential.response.userHandle === userHandleOf(passkey.accountId).toString('base64url'));
    const account = passkey && handleMatches ? await this.accounts.activeCredentials(passkey.accountId) : undefined;
    if (!challenge || !passkey || !account) throw new NotSignedInError(NOT_ACCEPTED);
    const newCount = await this.verifyAssertion(passkey, credential, challenge.challenge, true);
    const created =
      newCount !== undefined &&
      (await this.dataSource.transaction(async (manager) => {
        if (!(await this.passkeys.use(manager, passkey.id, newCount))) return undefined;
        return this.sessions.create(manager, passkey.accountId, userAgent, 'done');
      }));
    if (!created) throw new NotSignedInError(NOT_ACCEPTED);
    await this.throttle.refund(budget);
    if (replaces) await this.sessions.revoke(replaces.accountId, replaces.sessionId);
    return created;
  }

  /** The second step of a password login: options naming the account's passkeys. */
  async secondFactorOptions(accountId: string, sessionId: string): Promise<PasskeyOptions> {
    await this.requirePending(accountId, sessionId);
    const existing = await this.passkeys.descriptors(accountId);
    if (existing.length === 0) throw new ConflictError('No passkey is set up: give a code instead');
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      allowCredentials: existing.map((c) => ({ id: c.credentialId.toString('base64url'), transports: c.transports as AuthenticatorTransportFuture[] })),
      userVerification: 'preferred',
      timeout: PASSKEY_CHALLENGE_TTL_MS,
    });
    return this.withChallenge('second-factor', options, accountId, sessionId);
  }

  /** The second step with a passkey: refused answers cost an attempt of the account's code budget, like wrong codes. */
  async completeLogin(accountId: string, sessionId: string, challengeId: string, credential: PasskeyAssertionCredential): Promise<void> {
    await this.requirePending(accountId, sessionId);
    const budget = await this.login.reserveCodeAttempt(accountId);
    const challenge = await this.passkeys.takeChallenge(challengeId, 'second-factor', accountId, sessionId);
    const passkey = challenge && (await this.passkeys.byCredentialId(Buffer.from(credential.id, 'base64url')));
    // (The password already says who it is: user verification is welcome, not needed.)
    const newCount = passkey?.accountId === accountId && challenge ? await this.verifyAssertion(passkey, credential, challenge.challenge, false) : undefined;
    const completed =
      newCount !== undefined &&
      passkey &&
      (await this.dataSource.transaction(async (manager) => {
        if (!(await this.passkeys.use(manager, passkey.id, newCount))) return false;
        if (!(await this.sessions.completeSecondFactor(manager, accountId, sessionId))) throw new NotSignedInError('The session is no longer valid');
        return true;
      }));
    if (!completed) throw notAccepted();
    await this.throttle.forget(budget.key);
  }

  /** Deletes challenges that were never answered (the hourly purge). */
  purgeChallenges(manager: Parameters<PasskeyRepository['purgeChallenges']>[0]): Promise<number> {
    return this.passkeys.purgeChallenges(manager);
  }

  /** The signature checked against the stored key; the new counter, or undefined when refused. */
  private async verifyAssertion(passkey: StoredPasskey, credential: PasskeyAssertionCredential, challenge: string, requireUserVerification: boolean): Promise<number | undefined> {
    try {
      const verified = await verifyAuthenticationResponse({
        response: { ...credential, clientExtensionResults: credential.clientExtensionResults ?? {} } as AuthenticationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.config.WEBAUTHN_ORIGIN,
        expectedRPID: this.rpId,
        credential: {
          id: passkey.credentialId.toString('base64url'),
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.signCount,
          transports: passkey.transports as AuthenticatorTransportFuture[],
        },
        requireUserVerification,
      });
      return verified.verified ? verified.authenticationInfo.newCounter : undefined;
    } catch (err) {
      // A counter that did not go up may be a cloned authenticator: worth a warning (ids only).
      if (err instanceof Error && /counter/iu.test(err.message)) this.logger.warn({ accountId: passkey.accountId, passkeyId: passkey.id }, 'passkey signature counter did not increase; refused');
      return undefined;
    }
  }

  private async requirePending(accountId: string, sessionId: string): Promise<void> {
    if ((await this.sessions.secondFactorOf(accountId, sessionId)) !== 'pending') {
      throw new ConflictError('This session does not wait for a second factor');
    }
  }

  private async withChallenge(ceremony: PasskeyCeremony, options: { challenge: string }, accountId: string | null, sessionId: string | null): Promise<PasskeyOptions> {
    const challengeId = randomUUID();
    await this.passkeys.createChallenge({ id: challengeId, ceremony, challenge: options.challenge, accountId, sessionId, ttlMs: PASSKEY_CHALLENGE_TTL_MS });
    return { challengeId, options: options as PasskeyOptions['options'] };
  }
}

function view(row: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }): PasskeyView {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}

function notAccepted(): InvalidInputError {
  return new InvalidInputError(NOT_ACCEPTED, [{ field: 'credential', message: 'was not accepted' }]);
}
