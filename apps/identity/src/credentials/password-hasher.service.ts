import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { HashingSlots } from './hashing-slots';
import { passwordHashSeconds } from './password-hash-metrics';
import { SERVICE_CONFIG } from '@sargs/platform/service';

/**
 * A stored hash that no password matches: what a restore's ledger replay leaves where the restored
 * hash would be a password changed since (docs/identity.md, "After a restore"). Not an argon2
 * string, so nothing can ever verify against it.
 */
export const UNUSABLE_PASSWORD_HASH = '!unusable';

/**
 * argon2id with the configured cost (never below OWASP's floor, enforced by the config schema).
 * argon2 runs on libuv's thread pool, so hashing does not block the event loop; at most
 * PASSWORD_HASH_CONCURRENCY at once, so it does not crowd the loop off the cores either.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly options: argon2.HashOptions;
  private readonly slots: HashingSlots;
  /** A hash of a random password: unknown addresses are verified against it, so they take as long as known ones. */
  private dummyHash = '';

  constructor(@Inject(SERVICE_CONFIG) config: AppConfig) {
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.ARGON2_MEMORY_KIB,
      timeCost: config.ARGON2_TIME_COST,
      parallelism: config.ARGON2_PARALLELISM,
    };
    this.slots = new HashingSlots(config.PASSWORD_HASH_CONCURRENCY);
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(24).toString('base64'));
  }

  hash(password: string): Promise<string> {
    return this.timed('hash', () => argon2.hash(password, this.options));
  }

  /**
   * Verifies against `hash`, or against the dummy hash when there is none or it is unusable, in the
   * same time: a disabled password looks like a wrong one.
   */
  async verify(hash: string | null, password: string): Promise<boolean> {
    const usable = hash !== null && hash !== UNUSABLE_PASSWORD_HASH;
    try {
      const ok = await this.timed('verify', () => argon2.verify(usable ? hash : this.dummyHash, password));
      return ok && usable;
    } catch {
      return false;
    }
  }

  /** In a slot; the metric times the hashing itself, not the wait for a slot. */
  private timed<T>(operation: 'hash' | 'verify', work: () => Promise<T>): Promise<T> {
    return this.slots.run(async () => {
      const done = passwordHashSeconds.startTimer({ operation });
      try {
        return await work();
      } finally {
        done();
      }
    });
  }

  /** True when the hash was made with weaker parameters than configured now (rehash on login). */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }
}
