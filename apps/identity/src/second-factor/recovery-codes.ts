import { createHash, randomBytes } from 'node:crypto';
import { base32Encode } from '@sargs/platform/secrets';

export const RECOVERY_CODE_COUNT = 10;

/** Ten new codes of 80 random bits each, as `XXXX-XXXX-XXXX-XXXX` (base32: no 0/O or 1/I mix-ups). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => base32Encode(randomBytes(10)).replace(/(.{4})(?=.)/gu, '$1-'));
}

/** The code as typed, without dashes, spaces or case; undefined when it cannot be a recovery code. */
export function normaliseRecoveryCode(code: string): string | undefined {
  const clean = code.replace(/[\s-]/gu, '').toUpperCase();
  return /^[A-Z2-7]{16}$/u.test(clean) ? clean : undefined;
}

/** What is stored: SHA-256 suffices for 80 random bits (no dictionary to try, 2^80 guesses offline). */
export function recoveryCodeHash(normalised: string): Buffer {
  return createHash('sha256').update(`sargs-recovery-code:${normalised}`).digest();
}
