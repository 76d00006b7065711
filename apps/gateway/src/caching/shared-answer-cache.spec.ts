import type { UpstreamAnswer } from '../proxy/forwarder';
import { SharedAnswerCache, sharedFreshnessMs } from './shared-answer-cache';

const answer = (headers: Record<string, string | string[]>, status = 200, body = '{"a":1}'): UpstreamAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(body),
});

describe('sharedFreshnessMs', () => {
  it("is the service's public max-age, s-maxage first", () => {
    expect(sharedFreshnessMs(answer({ 'cache-control': 'public, max-age=60' }))).toBe(60_000);
    expect(sharedFreshnessMs(answer({ 'cache-control': 'Public, Max-Age=86400' }))).toBe(86_400_000);
    expect(sharedFreshnessMs(answer({ 'cache-control': 'public, max-age=600, s-maxage=5' }))).toBe(5_000);
  });

  it('refuses what a shared cache may not keep', () => {
    for (const cacheControl of ['max-age=60', 'public', 'public, max-age=0', 'public, max-age=x', 'public, private, max-age=60', 'public, no-store, max-age=60', 'public, no-cache, max-age=60', 'no-store']) {
      expect([cacheControl, sharedFreshnessMs(answer({ 'cache-control': cacheControl }))]).toEqual([cacheControl, undefined]);
    }
    expect(sharedFreshnessMs(answer({}))).toBeUndefined();
    expect(sharedFreshnessMs(answer({ 'cache-control': 'public, max-age=60' }, 404))).toBeUndefined();
    expect(sharedFreshnessMs(answer({ 'cache-control': 'public, max-age=60', 'set-cookie': 'a=1' }))).toBeUndefined();
    expect(sharedFreshnessMs(answer({ 'cache-control': 'public, max-age=60' }, 200, 'x'.repeat(256 * 1024 + 1)))).toBeUndefined();
  });

  it('keeps only answers that vary on what the language hint is made of', () => {
    expect(sharedFreshnessMs(answer({ 'cache-control': 'public, max-age=60', vary: 'Accept-Language, Cookie' }))).toBe(60_000);
    expect(sharedFreshnessMs(answer({ 'cache-control': 'public, max-age=60', vary: 'Accept-Language, Authorization' }))).toBeUndefined();
    expect(sharedFreshnessMs(answer({ 'cache-control': 'public, max-age=60', vary: '*' }))).toBeUndefined();
  });
});

describe('SharedAnswerCache', () => {
  const shareable = answer({ 'cache-control': 'public, max-age=60', etag: '"v1"' });

  it('gives a stored answer until its max-age has passed, never after', () => {
    let now = 1_000;
    const cache = new SharedAnswerCache(10, () => now);
    expect(cache.store('/p', 'consent', shareable, cache.mark())).toMatchObject({ etag: '"v1"', storedAt: 1_000, until: 61_000 });
    now = 60_999;
    expect(cache.get('/p')?.answer).toBe(shareable);
    now = 61_000;
    expect(cache.get('/p')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stores nothing the service did not mark shareable, and nothing at all with no room', () => {
    expect(new SharedAnswerCache(10).store('/p', 'consent', answer({ 'cache-control': 'no-store' }), 0)).toBeUndefined();
    const off = new SharedAnswerCache(0);
    expect(off.store('/p', 'consent', shareable, off.mark())).toBeUndefined();
    expect(off.get('/p')).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new SharedAnswerCache(2);
    for (const key of ['/a', '/b', '/c']) cache.store(key, 'consent', shareable, cache.mark());
    expect([cache.get('/a'), cache.get('/b'), cache.get('/c')].map(Boolean)).toEqual([false, true, true]);
  });

  it("forgets one service's answers and keeps the others'", () => {
    const cache = new SharedAnswerCache(10);
    cache.store('/policy', 'consent', shareable, cache.mark());
    cache.store('/keys', 'retention', shareable, cache.mark());
    cache.forgetService('consent');
    expect(cache.get('/policy')).toBeUndefined();
    expect(cache.get('/keys')).toBeDefined();
  });

  it('does not store an answer asked for before a write went through: it may show the old state', () => {
    const cache = new SharedAnswerCache(10);
    const mark = cache.mark();
    cache.forgetService('consent');
    expect(cache.store('/policy', 'consent', shareable, mark)).toBeUndefined();
    expect(cache.get('/policy')).toBeUndefined();
    expect(cache.store('/policy', 'consent', shareable, cache.mark())).toBeDefined();
  });
});
