import { createHash } from 'node:crypto';
import { etagMatches } from '@sargs/platform/service/http';
import { policyEtag, sha256Hex } from './policy-etag';

describe('policy ETags', () => {
  const sha = sha256Hex('# Privātuma politika\n');

  it('hashes the UTF-8 bytes of the text', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('ā')).toBe(createHash('sha256').update(Buffer.from([0xc4, 0x81])).digest('hex'));
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is strong, and differs by version, language and text', () => {
    const tag = policyEtag('2026-11-25', 'lv', sha);
    expect(tag).toBe(`"2026-11-25-lv-${sha.slice(0, 16)}"`);
    expect(tag).not.toMatch(/^W\//);
    expect(new Set([tag, policyEtag('2026-11-25', 'en', sha), policyEtag('2026-12-01', 'lv', sha), policyEtag('2026-11-25', 'lv', sha256Hex('x'))]).size).toBe(4);
  });

  it('matches If-None-Match lists, * and weak forms, and nothing malformed', () => {
    const tag = policyEtag('v1', 'en', sha);
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(`"other", ${tag}`, tag)).toBe(true);
    expect(etagMatches(`W/${tag}`, tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches([`"x"`, tag], tag)).toBe(true);
    expect(etagMatches(undefined, tag)).toBe(false);
    expect(etagMatches('', tag)).toBe(false);
    expect(etagMatches(tag.slice(1, -1), tag)).toBe(false);
    expect(etagMatches(policyEtag('v1', 'lv', sha), tag)).toBe(false);
  });
});
