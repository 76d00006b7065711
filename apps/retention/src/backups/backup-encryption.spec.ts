import { generateKeyPairSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { assertAgeRecipient, decryptStream, encryptStream } from './backup-encryption';
import { manifestSignatureProblem, signingKeyIdOf, signManifest } from './backup-signature';

const collect = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
};

describe('backup encryption (age) and manifest signatures (Ed25519)', () => {
  it('encrypts a stream to a recipient that only its identity opens, chunk by chunk', async () => {
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    // More than one 64 KiB age chunk, with a marker the ciphertext must not show.
    const plain = Buffer.concat([Buffer.from('PGDMP Anna Bērziņa '), Buffer.alloc(200_000, 7)]);
    const encrypted = await collect(await encryptStream(Readable.from([plain.subarray(0, 1000), plain.subarray(1000)]), recipient));
    expect(encrypted.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    expect(encrypted.includes(Buffer.from('Anna'))).toBe(false);
    expect(encrypted.includes(Buffer.from('PGDMP'))).toBe(false);
    expect(await collect(await decryptStream(Readable.from([encrypted]), identity))).toEqual(plain);

    await expect(decryptStream(Readable.from([encrypted]), await generateIdentity())).rejects.toThrow();
    const altered = Buffer.from(encrypted);
    altered[altered.length - 100] ^= 1;
    await expect(decryptStream(Readable.from([altered]), identity).then(collect)).rejects.toThrow();
  });

  it('accepts only age recipients, naming nothing of the value', () => {
    expect(() => assertAgeRecipient('age1notarecipient')).toThrow('must be an age recipient (age1…)');
    expect(() => assertAgeRecipient('AGE-SECRET-KEY-1QQQ')).toThrow('must be an age recipient');
  });

  it('signs the exact bytes of a manifest; another key, another byte or another signature is refused', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const manifest = Buffer.from('{"backupId":"x"}\n');
    const signature = signManifest(manifest, privateKey);
    expect(JSON.parse(signature)).toMatchObject({ algorithm: 'Ed25519', keyId: signingKeyIdOf(publicKey) });
    expect(manifestSignatureProblem(manifest, signature, publicKey)).toBeNull();
    expect(manifestSignatureProblem(Buffer.from('{"backupId":"y"}\n'), signature, publicKey)).toContain('does not match the manifest');
    expect(manifestSignatureProblem(manifest, signature, other.publicKey)).toContain('signed by another key');
    const forged = JSON.stringify({ ...JSON.parse(signature), keyId: signingKeyIdOf(other.publicKey) });
    expect(manifestSignatureProblem(manifest, forged, other.publicKey)).toContain('does not match the manifest');
    expect(manifestSignatureProblem(manifest, 'not json', publicKey)).toContain('not an Ed25519 manifest signature');
  });
});
