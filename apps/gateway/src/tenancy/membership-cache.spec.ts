import { MEMBERSHIP_LIFETIME_MS, MembershipCache } from './membership-cache';

const ORG_A = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const ORG_B = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';

describe('MembershipCache', () => {
  let now = 1_000;
  const clock = () => now;

  it("keeps one role per organisation and account, and drops all of one organisation's at its change", () => {
    const cache = new MembershipCache(10, clock);
    cache.open();
    cache.set(MembershipCache.key(ORG_A, 'anna'), { orgId: ORG_A, role: 'owner' }, cache.mark());
    cache.set(MembershipCache.key(ORG_A, 'ben'), { orgId: ORG_A, role: 'member' }, cache.mark());
    cache.set(MembershipCache.key(ORG_B, 'anna'), { orgId: ORG_B, role: 'admin' }, cache.mark());
    expect(cache.get(MembershipCache.key(ORG_A, 'ben'))?.role).toBe('member');
    expect(cache.get(MembershipCache.key(ORG_B, 'ben'))).toBeUndefined();
    cache.invalidate(ORG_A);
    expect([cache.get(MembershipCache.key(ORG_A, 'anna')), cache.get(MembershipCache.key(ORG_A, 'ben')), cache.get(MembershipCache.key(ORG_B, 'anna'))?.role]).toEqual([
      undefined,
      undefined,
      'admin',
    ]);
  });

  it('reuses a role no longer than its lifetime, even with no change heard', () => {
    const cache = new MembershipCache(10, clock);
    cache.open();
    cache.set(MembershipCache.key(ORG_A, 'anna'), { orgId: ORG_A, role: 'owner' }, cache.mark());
    now += MEMBERSHIP_LIFETIME_MS - 1;
    expect(cache.get(MembershipCache.key(ORG_A, 'anna'))?.role).toBe('owner');
    now += 1;
    expect(cache.get(MembershipCache.key(ORG_A, 'anna'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
