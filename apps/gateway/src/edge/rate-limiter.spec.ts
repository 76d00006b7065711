import { TokenBucketLimiter } from './rate-limiter';

describe('TokenBucketLimiter', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('allows a burst of perMinute, then refuses with the seconds until the next token', () => {
    const limiter = new TokenBucketLimiter(30, { now: clock });
    for (let i = 0; i < 30; i++) expect(limiter.take('a').allowed).toBe(true);
    // 30 per minute: one token every 2 s.
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    now += 1_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.take('a')).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps clients apart', () => {
    const limiter = new TokenBucketLimiter(1, { now: clock });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('never says less than 1 second', () => {
    const limiter = new TokenBucketLimiter(600_000, { now: clock });
    for (let i = 0; i < 600_000; i++) limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('forgets buckets idle for a minute and holds no more than maxKeys', () => {
    const limiter = new TokenBucketLimiter(10, { now: clock, maxKeys: 100 });
    for (let i = 0; i < 250; i++) limiter.take(`client-${i}`);
    expect(limiter.size).toBe(100);
    now += 30_000;
    limiter.take('recent');
    now += 31_000;
    limiter.take('another');
    // Everything but the two seen within the last minute is gone.
    expect(limiter.size).toBe(2);
  });
});
