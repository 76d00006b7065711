import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountEmailVerified, type Language, type RegisterAccountBody } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { InvalidInputError, InvalidTokenError } from '@sargs/platform/service';
import { PasswordHasher } from '../credentials/password-hasher.service';
import { passwordProblem, weakPassword } from '../credentials/password-policy';
import { MailRequests } from '../mail-requests/mail-requests.service';
import { KnownPolicyRepository } from '../policies/known-policy.repository';
import { AccountTokensService } from '../tokens/account-tokens.service';
import { AccountRepository } from './account.repository';

export const INVALID_TOKEN = 'The link is invalid, already used or expired';

/** Sign-up and address verification (R1, R16). */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly publisher: EventPublisher,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccountTokensService,
    private readonly policies: KnownPolicyRepository,
    private readonly mailRequests: MailRequests,
  ) {}

  /**
   * Answers the same whether or not the address is taken, after the same work: the password is
   * hashed and the sign-up queued either way. The mail request worker creates the account, or
   * tells a taken address's owner instead (docs/identity.md, "Mail requests").
   */
  async register(input: RegisterAccountBody, hint: Language | undefined): Promise<void> {
    const weakness = passwordProblem(input.password, { email: input.email, name: input.name });
    if (weakness) throw weakPassword('password', weakness);
    const current = await this.policies.currentVersion();
    if (current === null || current !== input.acceptedPolicyVersion) {
      throw new InvalidInputError('The accepted policy version is not the one in force', [
        { field: 'acceptedPolicyVersion', message: 'must be the current privacy policy version' },
      ]);
    }
    const passwordHash = await this.hasher.hash(input.password);
    await this.mailRequests.signUp({
      email: input.email,
      name: input.name,
      passwordHash,
      language: input.language ?? hint ?? 'en',
      acceptedPolicyVersion: input.acceptedPolicyVersion,
      marketingEmails: input.marketingEmails ?? false,
    });
  }

  async verify(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const accountId = await this.tokens.consume(manager, 'verify-email', token);
      const verifiedAt = accountId ? await this.accounts.markVerified(manager, accountId) : undefined;
      if (!accountId || !verifiedAt) throw new InvalidTokenError(INVALID_TOKEN);
      await this.publisher.publish(manager, AccountEmailVerified, accountId, { accountId, verifiedAt: verifiedAt.toISOString() });
    });
  }

  /** A new link for an unverified account, from the worker; silently nothing for any other address. */
  resendVerification(email: string): Promise<void> {
    return this.mailRequests.requestVerification(email);
  }
}
