import type { ResolvedSession } from './session-resolver';
import { SessionCache } from './session-cache';

function session(accountId: string, freshForMs = 60_000): ResolvedSession {
  return {
    sessionId: '00000000-0000-4000-8000-000000000001',
    accountId,
    roles: ['user'],
    secondFactor: 'none',
    account: { id: accountId, email: 'a@example.test', roles: ['user'], emailVerified: true, createdAt: '', passwordChangedAt: '', mfa: { totp: false, passkeys: 0 } },
    freshForMs,
  };
}

describe('SessionCache', () => {
  let now = 1_000;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('holds nothing until the feed is open, and nothing after it closes', () => {
    const cache = new SessionCache(10, clock);
    cache.set('t1', session('a'), cache.mark());
    expect(cache.get('t1')).toBeUndefined();
    cache.open();
    cache.set('t1', session('a'), cache.mark());
    expect(cache.get('t1')?.accountId).toBe('a');
    cache.close();
    expect(cache.get('t1')).toBeUndefined();
    cache.set('t1', session('a'), cache.mark());
    expect(cache.size).toBe(0);
  });

  it("drops every session of a changed account and no one else's", () => {
    const cache = new SessionCache(10, clock);
    cache.open();
    cache.set('t1', session('a'), cache.mark());
    cache.set('t2', session('a'), cache.mark());
    cache.set('t3', session('b'), cache.mark());
    cache.invalidate('a');
    expect([cache.get('t1'), cache.get('t2'), cache.get('t3')?.accountId]).toEqual([undefined, undefined, 'b']);
  });

  it('drops every account at once for a change whose accounts it does not know, and stores nothing fetched across it', () => {
    const cache = new SessionCache(10, clock);
    cache.open();
    cache.set('t1', session('a'), cache.mark());
    const mark = cache.mark();
    cache.invalidateAll();
    cache.set('t3', session('b'), mark);
    expect([cache.get('t1'), cache.get('t3'), cache.size]).toEqual([undefined, undefined, 0]);
  });

  it('does not store an answer fetched across an invalidation: it may predate the change', () => {
    const cache = new SessionCache(10, clock);
    cache.open();
    const mark = cache.mark();
    cache.invalidate('a');
    cache.set('t1', session('a'), mark);
    expect(cache.get('t1')).toBeUndefined();
  });

  it("keeps an answer no longer than its freshForMs, and not at all when it is 0", () => {
    const cache = new SessionCache(10, clock);
    cache.open();
    cache.set('t1', session('a', 500), cache.mark());
    cache.set('t2', session('b', 0), cache.mark());
    now += 499;
    expect(cache.get('t1')?.accountId).toBe('a');
    now += 1;
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t2')).toBeUndefined();
  });

  it('evicts the oldest entry beyond its size, and holds nothing with size 0', () => {
    const cache = new SessionCache(2, clock);
    cache.open();
    for (const t of ['t1', 't2', 't3']) cache.set(t, session(t), cache.mark());
    expect([cache.get('t1'), cache.get('t2')?.accountId, cache.get('t3')?.accountId]).toEqual([undefined, 't2', 't3']);
    const off = new SessionCache(0, clock);
    off.open();
    off.set('t1', session('a'), off.mark());
    expect([off.isOpen, off.get('t1')]).toEqual([false, undefined]);
  });
});
