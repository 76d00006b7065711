import { privacyRequestDueAt } from './privacy-request-due-date';

const due = (received: string) => privacyRequestDueAt(new Date(received)).toISOString();

describe('privacyRequestDueAt (one calendar month, GDPR Art. 12(3))', () => {
  it('is the same day of the next month, at the same UTC time', () => {
    expect(due('2026-03-15T09:30:12.345Z')).toBe('2026-04-15T09:30:12.345Z');
    expect(due('2026-01-01T00:00:00.000Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(due('2026-04-30T23:59:59.999Z')).toBe('2026-05-30T23:59:59.999Z');
  });

  it("is clamped to the next month's last day when that month is shorter", () => {
    expect(due('2026-01-31T12:00:00.000Z')).toBe('2026-02-28T12:00:00.000Z');
    expect(due('2026-01-29T12:00:00.000Z')).toBe('2026-02-28T12:00:00.000Z');
    expect(due('2028-01-31T12:00:00.000Z')).toBe('2028-02-29T12:00:00.000Z');
    expect(due('2028-01-30T12:00:00.000Z')).toBe('2028-02-29T12:00:00.000Z');
    expect(due('2026-03-31T08:00:00.000Z')).toBe('2026-04-30T08:00:00.000Z');
    expect(due('2026-08-31T08:00:00.000Z')).toBe('2026-09-30T08:00:00.000Z');
  });

  it('rolls December over into January of the next year', () => {
    expect(due('2026-12-31T22:15:00.000Z')).toBe('2027-01-31T22:15:00.000Z');
    expect(due('2026-12-05T00:00:00.000Z')).toBe('2027-01-05T00:00:00.000Z');
  });

  it('works in UTC whatever offset the time was written with', () => {
    // 1 March 01:00 in Riga is still 28 February in UTC.
    expect(due('2026-03-01T01:00:00+02:00')).toBe('2026-03-28T23:00:00.000Z');
    expect(due('2026-01-31T23:30:00-05:00')).toBe('2026-03-01T04:30:00.000Z');
  });

  it('is always later than the receipt, by 28 to 31 days', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2029, 0, 1); t += 7 * 3600_000 + 17 * 60_000) {
      const days = (privacyRequestDueAt(new Date(t)).getTime() - t) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(28);
      expect(days).toBeLessThanOrEqual(31);
    }
  });
});
