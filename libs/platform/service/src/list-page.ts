import type { Response } from 'express';

/**
 * Keyset paging for staff lists, newest first: a cursor is the (time, id) of the last entry of a
 * page, base64url-encoded, so the next page is one index range scan however deep it goes.
 */
export interface PagePosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one of ours (the caller answers 422). */
export function decodeCursor(cursor: string): PagePosition | undefined {
  const [time, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(time ?? '');
  if (extra !== undefined || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$|^\d{1,19}$/u.test(id ?? '')) return undefined;
  return { at, id: id as string };
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
