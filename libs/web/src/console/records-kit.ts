import type { Language } from '@sargs/contracts';
import { formatNumber } from '../i18n/locale-format';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * A date field's value (`YYYY-MM-DD`, as a date input sends it) as the ISO time the API takes:
 * the start of that day in UTC, or its last millisecond. Undefined for anything that is not a
 * real calendar date.
 */
export function dateFieldToIso(value: string, at: 'start' | 'end'): string | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const day = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return undefined;
  return at === 'start' ? day.toISOString() : new Date(day.getTime() + 86_400_000 - 1).toISOString();
}

/**
 * The page that follows this one: the API's `Link: <…?…&cursor=…>; rel="next"` gives the cursor,
 * the page keeps its own filters. Undefined when the list has no more entries.
 */
export function nextPageHref(path: string, filters: Record<string, string>, link: string | undefined): string | undefined {
  const target = /<([^>]*)>\s*;\s*rel="?next"?/u.exec(link ?? '')?.[1];
  if (!target) return undefined;
  const cursor = new URL(target, 'https://sargs.invalid').searchParams.get('cursor');
  if (!cursor) return undefined;
  return `${path}?${query({ ...filters, cursor })}`;
}

/** A query string of the non-empty values, e.g. for an API path or a page link. */
export function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  return params.toString();
}

/** A size in bytes as people read it: `512 B`, `12,3 kB`, `4,5 MB` in the page's locale. */
export function formatBytes(language: Language, bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(language, unit === 0 ? value : Math.round(value * 10) / 10)} ${units[unit]}`;
}
