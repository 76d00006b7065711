import { base32Decode, hotp, timeStep } from '@sargs/platform/secrets';

/**
 * An authenticator app as a test drives it (RFC 6238). Each code is for a 30 s step not used
 * before (identity accepts a code once), the current step or the next (one step of drift is
 * allowed); it waits when both are used.
 */
export class Authenticator {
  private lastStep = -1;
  private constructor(private readonly secret: Buffer) {}

  /** From the base32 key POST /me/mfa/totp answers (spaces ignored, as an app would). */
  static of(base32: string): Authenticator {
    const secret = base32Decode(base32);
    if (!secret) throw new Error('not a base32 key');
    return new Authenticator(secret);
  }

  async code(): Promise<string> {
    for (;;) {
      const now = timeStep(Date.now());
      const step = Math.max(now, this.lastStep + 1);
      if (step <= now + 1) {
        this.lastStep = step;
        return hotp(this.secret, step);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /** A code that was right a minute and a half ago: never accepted. */
  staleCode(): string {
    return hotp(this.secret, timeStep(Date.now()) - 3);
  }
}
