import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TestCertificate {
  /** Self-signed: also the CA file that trusts it. */
  certFile: string;
  keyFile: string;
}

export interface TestCertificates {
  dir: string;
  /**
   * Names 127.0.0.1 and localhost: what a server on the loopback presents to a verify-full client
   * (node-postgres checks a connection made to an IP address against the name localhost).
   */
  loopback: TestCertificate;
  /** Names only db.elsewhere.test: the right chain with the wrong name. */
  misnamed: TestCertificate;
  remove(): void;
}

function write(dir: string, name: string, altNames: { type: number; value?: string; ip?: string }[]): TestCertificate {
  const pems = generate([{ name: 'commonName', value: name }], {
    keySize: 2048,
    days: 2,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  writeFileSync(certFile, pems.cert, { mode: 0o644 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  return { certFile, keyFile };
}

/** Throwaway server certificates for tests of TLS to the database and the mail relay. */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'sargs-test-tls-'));
  return {
    dir,
    loopback: write(dir, 'loopback', [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }]),
    misnamed: write(dir, 'misnamed', [{ type: 2, value: 'db.elsewhere.test' }]),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
