import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface DevCertificate {
  certFile: string;
  keyFile: string;
}

const VALID_DAYS = 365;
const RENEW_WITHIN_MS = 14 * 24 * 60 * 60 * 1000;

function stillGood(certFile: string, keyFile: string): boolean {
  if (!existsSync(certFile) || !existsSync(keyFile)) return false;
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    return Date.parse(cert.validTo) - Date.now() > RENEW_WITHIN_MS && cert.checkHost('localhost') !== undefined && cert.checkIP('127.0.0.1') !== undefined;
  } catch {
    return false;
  }
}

function writeAtomically(file: string, content: string, mode: number): void {
  writeFileSync(`${file}.tmp`, content, { mode });
  renameSync(`${file}.tmp`, file);
}

/**
 * A self-signed certificate for https://localhost:8443 and https://127.0.0.1:8443, made on the
 * first start and reused (renewed shortly before it expires). Browsers warn once; that is the
 * price of HTTPS (R7) without a CA on a developer's machine.
 */
export function ensureDevCertificate(dir: string): DevCertificate {
  const certFile = path.join(dir, 'localhost-cert.pem');
  const keyFile = path.join(dir, 'localhost-key.pem');
  if (stillGood(certFile, keyFile)) return { certFile, keyFile };

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pems = generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'Sargs local development' }], {
    keySize: 2048,
    days: VALID_DAYS,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  writeAtomically(keyFile, pems.private, 0o600);
  writeAtomically(certFile, pems.cert, 0o644);
  return { certFile, keyFile };
}
