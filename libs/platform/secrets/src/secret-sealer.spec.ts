import { randomBytes } from 'node:crypto';
import { SecretSealer, sealingContext } from './secret-sealer';

describe('SecretSealer', () => {
  const sealer = new SecretSealer(randomBytes(32));
  const context = sealingContext('EmailVerificationRequested', 'a1');

  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const sealed = sealer.seal('tok-123456', context);
    expect(JSON.stringify(sealed)).not.toContain('tok-123456');
    expect(sealer.open(sealed, context)).toBe('tok-123456');
  });

  it('refuses another key, another context and any tampering', () => {
    const sealed = sealer.seal('tok-123456', context);
    expect(() => new SecretSealer(randomBytes(32)).open(sealed, context)).toThrow('cannot be opened');
    expect(() => sealer.open(sealed, sealingContext('PasswordResetRequested', 'a1'))).toThrow('cannot be opened');
    const flipped = Buffer.from(sealed.ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => sealer.open({ ...sealed, ciphertext: flipped.toString('base64url') }, context)).toThrow('cannot be opened');
    expect(() => sealer.open({ ...sealed, tag: Buffer.alloc(16).toString('base64url') }, context)).toThrow('cannot be opened');
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => new SecretSealer(randomBytes(16))).toThrow('at least 32 bytes');
  });
});
