import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AccountRegistered, EmailVerificationRequested, ExistingAccountRegistrationAttempted, PasswordResetRequested, type Language } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import { AccountRepository } from '../accounts/account.repository';
import { MailQuotaService } from '../accounts/mail-quota.service';
import type { AppConfig } from '../config/app-config';
import { AccountTokensService } from '../tokens/account-tokens.service';
import type { SignUpRequest } from './mail-request.entity';
import { MailRequestRepository, type PendingMailRequest } from './mail-request.repository';
import { MailRequests } from './mail-requests.service';

/** A request that failed this often is dropped (logged), so one bad row cannot hold the queue. */
const MAX_ATTEMPTS = 5;
/** Requests one drain takes at most; the rest wait for the next run. */
const MAX_PER_DRAIN = 500;

/**
 * The real work behind sign-up, resend and reset, off the request path: for each queued request,
 * in one transaction, the account is looked up and locked, the mail quota applied, the token
 * issued and sealed, the event written to the outbox, and the request deleted. A crash before
 * the commit leaves the request queued; a second worker skips a request another one holds.
 */
@Injectable()
export class MailRequestProcessor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: MailRequestRepository,
    private readonly mailRequests: MailRequests,
    private readonly accounts: AccountRepository,
    private readonly mailQuota: MailQuotaService,
    private readonly tokens: AccountTokensService,
    private readonly publisher: EventPublisher,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Processes queued requests, oldest first, until none is left; how many it took. */
  async drain(): Promise<number> {
    let afterId = '0';
    let taken = 0;
    while (taken < MAX_PER_DRAIN) {
      const id = await this.processNext(afterId);
      if (id === undefined) break;
      afterId = id;
      taken += 1;
    }
    return taken;
  }

  /** The id of the request it took (done, or counted as failed), or undefined when none is waiting. */
  private async processNext(afterId: string): Promise<string | undefined> {
    let current: string | undefined;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const request = await this.requests.lockNext(manager, afterId);
        if (!request) return undefined;
        current = request.id;
        await this.process(manager, request);
        await this.requests.delete(manager, request.id);
        return request.id;
      });
    } catch (err) {
      // Nothing taken yet (the database is away): the periodic run logs it and tries again.
      if (current === undefined) throw err;
      const attempts = await this.requests.countFailure(current);
      if (attempts >= MAX_ATTEMPTS) await this.requests.drop(current);
      this.logger.warn({ err: { message: (err as Error).message }, request: current, attempts, dropped: attempts >= MAX_ATTEMPTS }, 'a mail request failed');
      return current;
    }
  }

  private async process(manager: EntityManager, request: PendingMailRequest): Promise<void> {
    const content = this.mailRequests.open(request);
    if (content.kind === 'sign-up') {
      if (request.accountId) await this.signUp(manager, request.accountId, content.signUp, request.requestedAt);
      return;
    }
    const { email } = content;
    // Nothing for an unknown, closed or (for a resend) verified address, as before the queue.
    const account = await this.accounts.lockActiveByEmail(manager, email, { unverifiedOnly: content.kind === 'verify-email' });
    if (!account || !(await this.mailQuota.allow(manager, email))) return;
    if (content.kind === 'verify-email') await this.requestVerification(manager, account.id, email, account.language);
    else {
      const sealed = await this.tokens.issue(manager, account.id, 'reset-password', this.config.RESET_TOKEN_TTL_MS, PasswordResetRequested.type);
      await this.publisher.publish(manager, PasswordResetRequested, account.id, { accountId: account.id, email, language: account.language, ...sealed });
    }
  }

  /** A free address gets an account; a taken one's owner gets a notice instead (no token; nothing for a closed account). */
  private async signUp(manager: EntityManager, id: string, input: SignUpRequest, requestedAt: Date): Promise<void> {
    const { email, name, passwordHash, language } = input;
    const inserted = await this.accounts.insert(manager, { id, email, name, passwordHash, language, roles: ['user'], verifiedAt: null, createdAt: requestedAt });
    if (!inserted) {
      const ownerId = await this.accounts.activeIdByEmail(manager, email);
      if (!ownerId || !(await this.mailQuota.allow(manager, email))) return;
      await this.publisher.publish(manager, ExistingAccountRegistrationAttempted, ownerId, { accountId: ownerId, attemptedAt: requestedAt.toISOString() });
      return;
    }
    await this.publisher.publish(manager, AccountRegistered, id, {
      accountId: id,
      email,
      name,
      language,
      acceptedPolicyVersion: input.acceptedPolicyVersion,
      marketingEmails: input.marketingEmails,
      registeredAt: requestedAt.toISOString(),
    });
    if (await this.mailQuota.allow(manager, email)) await this.requestVerification(manager, id, email, language);
  }

  private async requestVerification(manager: EntityManager, accountId: string, email: string, language: Language): Promise<void> {
    const sealed = await this.tokens.issue(manager, accountId, 'verify-email', this.config.VERIFICATION_TOKEN_TTL_MS, EmailVerificationRequested.type);
    await this.publisher.publish(manager, EmailVerificationRequested, accountId, { accountId, email, language, ...sealed });
  }
}
