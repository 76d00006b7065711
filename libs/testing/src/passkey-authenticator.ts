import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** What POST …/options answers: WebAuthn's options JSON (the parts an authenticator reads). */
export interface PasskeyOptionsJson {
  challenge: string;
  rp?: { id?: string };
  rpId?: string;
  user?: { id: string };
}

/**
 * A software passkey for API tests (no browser): an ES256 key pair that answers WebAuthn options
 * the way a platform authenticator does, with `none` attestation. It signs for any origin it is
 * told, so tests can also make answers a real browser never would (a foreign origin, no user
 * verification, a counter that goes back, as a cloned authenticator would).
 */
export class PasskeyAuthenticator {
  readonly credentialId = randomBytes(16);
  private counter = 0;
  private userHandle: string | undefined;

  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    readonly origin: string,
  ) {}

  static create(origin: string): PasskeyAuthenticator {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return new PasskeyAuthenticator(privateKey, publicKey, origin);
  }

  /** Another authenticator holding the same key and counter (a clone): its counter moves on its own. */
  clone(): PasskeyAuthenticator {
    const copy = new PasskeyAuthenticator(this.privateKey, this.publicKey, this.origin);
    Object.assign(copy, { credentialId: this.credentialId, counter: this.counter, userHandle: this.userHandle });
    return copy;
  }

  get id(): string {
    return this.credentialId.toString('base64url');
  }

  /** The answer of navigator.credentials.create() to `options`. */
  register(options: PasskeyOptionsJson, tweak: { origin?: string; userVerified?: boolean } = {}): Record<string, unknown> {
    const rpId = options.rp?.id ?? new URL(this.origin).hostname;
    this.userHandle = options.user?.id;
    this.counter += 1;
    const { x, y } = this.publicKey.export({ format: 'jwk' }) as { x: string; y: string };
    // COSE_Key (RFC 9053): kty EC2, alg ES256, crv P-256, x, y.
    const coseKey = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(x, 'base64url')], [-3, Buffer.from(y, 'base64url')]]));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, coseKey]);
    const authData = this.authenticatorData(rpId, 0x40, tweak.userVerified ?? true, attested);
    const attestationObject = cbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientData('webauthn.create', options.challenge, tweak.origin ?? this.origin).toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** The answer of navigator.credentials.get() to `options`. */
  assert(
    options: PasskeyOptionsJson,
    tweak: { origin?: string; userVerified?: boolean; counter?: number; forged?: boolean; rpId?: string } = {},
  ): Record<string, unknown> {
    const rpId = tweak.rpId ?? options.rpId ?? new URL(this.origin).hostname;
    this.counter = tweak.counter ?? this.counter + 1;
    const authData = this.authenticatorData(rpId, 0, tweak.userVerified ?? true);
    const data = clientData('webauthn.get', options.challenge, tweak.origin ?? this.origin);
    // A forged answer is well formed, signed by a key that is not the passkey's.
    const key = tweak.forged ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : this.privateKey;
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(data).digest()]), key);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: data.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private authenticatorData(rpId: string, extraFlags: number, userVerified: boolean, attested = Buffer.alloc(0)): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    // Flags: user present (0x01), user verified (0x04), attested credential data (0x40).
    const flags = Buffer.from([0x01 | (userVerified ? 0x04 : 0) | extraFlags]);
    return Buffer.concat([createHash('sha256').update(rpId).digest(), flags, count, attested]);
  }
}

function clientData(type: string, challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** Just enough CBOR (RFC 8949) for attestation objects and COSE keys: integers, byte and text strings, maps. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Map) {
    return Buffer.concat([head(5, value.size), ...[...value.entries()].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  }
  throw new Error('cbor: unsupported value');
}
