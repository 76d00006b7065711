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

describe('SecretSealer keys and tags', () => {
  const context = sealingContext('PasswordResetRequested', 'a2');

  it('names the key in each sealed value and, after a rotation, still opens what the previous key sealed', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new SecretSealer(oldKey).seal('tok-old', context);
    const rotated = new SecretSealer(newKey, [oldKey]);
    const after = rotated.seal('tok-new', context);
    expect(after.kid).toBe(rotated.kid);
    expect(after.kid).not.toBe(before.kid);
    expect(rotated.open(before, context)).toBe('tok-old');
    expect(rotated.open(after, context)).toBe('tok-new');
    // New values are sealed with the current key only: a sealer without it cannot open them.
    expect(() => new SecretSealer(oldKey).open(after, context)).toThrow('cannot be opened');
  });

  it('refuses a value naming a key it does not hold, even if the key would open it', () => {
    const key = randomBytes(32);
    const sealer = new SecretSealer(key);
    const sealed = sealer.seal('tok', context);
    expect(() => sealer.open({ ...sealed, kid: '0000000000000000' }, context)).toThrow('cannot be opened');
  });

  it('accepts only the full 16-byte GCM tag: a truncated genuine tag is refused', () => {
    const sealer = new SecretSealer(randomBytes(32));
    const sealed = sealer.seal('tok-123456', context);
    const tag = Buffer.from(sealed.tag, 'base64url');
    expect(tag).toHaveLength(16);
    for (const length of [4, 8, 12, 15]) {
      expect(() => sealer.open({ ...sealed, tag: tag.subarray(0, length).toString('base64url') }, context)).toThrow('cannot be opened');
    }
    expect(() => sealer.open({ ...sealed, tag: Buffer.concat([tag, Buffer.alloc(1)]).toString('base64url') }, context)).toThrow('cannot be opened');
  });
});
