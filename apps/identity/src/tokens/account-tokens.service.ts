import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SealedSecret } from '@sargs/contracts';
import { SecretSealer, sealingContext } from '@sargs/platform/secrets';
import type { TokenPurpose } from './account-token.entity';
import { AccountTokenRepository } from './account-token.repository';

/** A new token as the event that mails it carries it: sealed for notifications, never in clear. */
export interface IssuedToken {
  token: SealedSecret;
  expiresAt: string;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Single-use mailed tokens: 256 random bits, stored only as SHA-256 (R6), and handed out only
 * sealed for the one event that carries them to notifications.
 */
@Injectable()
export class AccountTokensService {
  constructor(
    private readonly sealer: SecretSealer,
    private readonly tokens: AccountTokenRepository,
  ) {}

  /**
   * Issues a new token and retires any unused one of the same purpose (only the newest link
   * works). `eventType` is the event that will carry it: the seal is bound to it and the account.
   */
  async issue(
    manager: EntityManager,
    accountId: string,
    purpose: TokenPurpose,
    ttlMs: number,
    eventType: string,
    newEmail: string | null = null,
  ): Promise<IssuedToken> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.tokens.retireUnused(manager, accountId, purpose);
    await this.tokens.insert(manager, { id: randomUUID(), accountId, purpose, tokenHash: hashToken(token), createdAt: now, expiresAt, usedAt: null, newEmail });
    return { token: this.sealer.seal(token, sealingContext(eventType, accountId)), expiresAt: expiresAt.toISOString() };
  }

  /** Uses a token once: the account it belongs to, or null if unknown, used, expired or another purpose. */
  async consume(manager: EntityManager, purpose: TokenPurpose, token: string): Promise<string | null> {
    return (await this.tokens.use(manager, hashToken(token), purpose)) ?? null;
  }

  /**
   * Uses an e-mail change token once, only for the account it was issued to (a token of another
   * account stays usable for its owner): the address it confirms, or null.
   */
  async consumeEmailChange(manager: EntityManager, accountId: string, token: string): Promise<string | null> {
    return (await this.tokens.useEmailChange(manager, accountId, hashToken(token))) ?? null;
  }

  /** Whether `consume` would accept the token now; it stays unused. */
  isUsable(manager: EntityManager, purpose: TokenPurpose, token: string): Promise<boolean> {
    return this.tokens.isUsable(manager, hashToken(token), purpose);
  }

  async retireAll(manager: EntityManager, accountId: string): Promise<void> {
    await this.tokens.retireUnused(manager, accountId);
  }

  /** Deletes tokens a while after they stopped working (R21). */
  async purge(manager: EntityManager, olderThanMs: number): Promise<number> {
    return this.tokens.deleteFinished(manager, olderThanMs);
  }
}
