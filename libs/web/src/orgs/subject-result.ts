/*
 * What a data-subject request's result comes to (GET /orgs/:id/data-subject-requests/:rid):
 * per service, per table, the rows found about the address (access) or how many were deleted
 * (erasure).
 */

/** The records an access result holds: every object in a list, at whatever depth the services nest them. */
export function countRecords(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + (item !== null && typeof item === 'object' && !Array.isArray(item) ? 1 : countRecords(item)), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce<number>((sum, item) => sum + countRecords(item), 0);
  return 0;
}

/** The records an erasure deleted: the sum of every count in its result. */
export function sumCounts(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value).reduce<number>((sum, item) => sum + sumCounts(item), 0);
  return 0;
}
