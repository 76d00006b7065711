/**
 * When a privacy request must be answered: one calendar month after it was received (GDPR
 * Art. 12(3)), in UTC. The same day of the next month at the same time; when that month is
 * shorter, its last day (31 January is due 28 or 29 February).
 */
export function privacyRequestDueAt(receivedAt: Date): Date {
  const year = receivedAt.getUTCFullYear();
  const nextMonth = receivedAt.getUTCMonth() + 1;
  // Day 0 of the month after next is the last day of next month (Date.UTC rolls months over into years).
  const lastDay = new Date(Date.UTC(year, nextMonth + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      nextMonth,
      Math.min(receivedAt.getUTCDate(), lastDay),
      receivedAt.getUTCHours(),
      receivedAt.getUTCMinutes(),
      receivedAt.getUTCSeconds(),
      receivedAt.getUTCMilliseconds(),
    ),
  );
}
