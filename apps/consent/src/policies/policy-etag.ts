import { createHash } from 'node:crypto';
import type { Language } from '@sargs/contracts';

/** SHA-256 (hex) of a text's UTF-8 bytes: what a policy version's `sha256` names. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A strong ETag for one version in one language. Versions are insert-only, so the tag never has
 * to change for the same representation; the language is in it because the same URL may answer
 * in either language (the gateway's hint).
 */
export function policyEtag(version: string, language: Language, sha256: string): string {
  return `"${version}-${language}-${sha256.slice(0, 16)}"`;
}
