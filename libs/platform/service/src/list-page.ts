import type { Response } from 'express';
import { InvalidInputError } from './domain-errors';

/**
 * Keyset paging for staff lists, newest first: a cursor is the (time, id) of the last entry of a
 * page, base64url-encoded, so the next page is one index range scan however deep it goes.
 */
export interface PagePosition {
  at: Date;
  id: string;
}

/** One page of a staff list, fetched with one row more than `limit` (answerPage turns that into the next link). */
export interface ListPage<T> {
  rows: T[];
  limit: number;
  /** The filters the page was asked with: the next link repeats them. */
  query: Record<string, string | number | undefined>;
}

/** What names a list's rows after the time: a uuid, or a position in a sequence (the audit chain). */
export type CursorIdKind = 'uuid' | 'sequence';

const ID_PATTERNS: Record<CursorIdKind, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu,
  sequence: /^[1-9]\d{0,17}$/u,
};

/** The span PostgreSQL's timestamptz and ISO 8601 both hold: 0001-01-01 to 9999-12-31. */
const FIRST_TIME = -62_135_596_800_000;
const LAST_TIME = 253_402_300_799_999;

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string, idKind: CursorIdKind): PagePosition | undefined {
  const [time, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(time ?? '');
  const ms = at.getTime();
  if (extra !== undefined || !(ms >= FIRST_TIME && ms <= LAST_TIME) || !ID_PATTERNS[idKind].test(id ?? '')) return undefined;
  return { at, id: (id as string).toLowerCase() };
}

/**
 * Where the page after `cursor` starts (undefined: the first page). A cursor we did not give is
 * 422 naming `cursor`, never a database error.
 */
export function pageAfter(cursor: string | undefined, idKind: CursorIdKind, detail = 'The query is not valid'): PagePosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor, idKind);
  if (!position) throw new InvalidInputError(detail, [{ field: 'cursor', message: 'is not a cursor this list gave' }]);
  return position;
}

/**
 * One page of `rows` (fetched with limit + 1): the rows to answer with, and when there are more a
 * `Link: <path?…&cursor=…>; rel="next"` header. The path is the service's own (`/admin/…`); the
 * gateway makes it public.
 */
export function answerPage<T>(
  response: Response,
  rows: T[],
  page: { limit: number; path: string; query: Record<string, string | number | undefined>; positionOf: (row: T) => PagePosition },
): T[] {
  if (rows.length <= page.limit) return rows;
  const shown = rows.slice(0, page.limit);
  const next = new URLSearchParams();
  for (const [name, value] of Object.entries(page.query)) if (value !== undefined && name !== 'cursor') next.set(name, String(value));
  next.set('limit', String(page.limit));
  next.set('cursor', encodeCursor(page.positionOf(shown[shown.length - 1] as T)));
  response.setHeader('Link', `<${page.path}?${next.toString()}>; rel="next"`);
  return shown;
}
