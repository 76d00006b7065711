const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * `2026-11-25 14:30 UTC`: the same in every language and on every server, whatever its locale or
 * time zone. Seconds are dropped (an expiry shown a few seconds early is the safe side).
 */
export function formatUtcDateTime(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a valid date-time: ${String(value)}`);
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  return `${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}
