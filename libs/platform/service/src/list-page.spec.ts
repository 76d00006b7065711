import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { answerPage, decodeCursor, encodeCursor, pageAfter } from './list-page';
import { InvalidInputError } from './domain-errors';

const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('staff list paging', () => {
  it('gives back the position a cursor was made from', () => {
    const position = { at: new Date('2026-12-04T10:00:00.123Z'), id: randomUUID() };
    expect(decodeCursor(encodeCursor(position), 'uuid')).toEqual(position);
    expect(decodeCursor(encodeCursor({ at: position.at, id: '1042' }), 'sequence')).toEqual({ at: position.at, id: '1042' });
  });

  it('refuses cursors it did not give: other ids, extra parts, times PostgreSQL cannot hold', () => {
    const at = '2026-12-04T10:00:00.000Z';
    for (const [cursor, kind] of [
      [forged(`${at}|42`), 'uuid'],
      [forged(`${at}|${randomUUID()}`), 'sequence'],
      [forged(`${at}|0`), 'sequence'],
      [forged(`${at}|${randomUUID()}|x`), 'uuid'],
      [forged(`+275760-09-13T00:00:00.000Z|${randomUUID()}`), 'uuid'],
      [forged(`-000500-01-01T00:00:00.000Z|${randomUUID()}`), 'uuid'],
      [forged(`yesterday|${randomUUID()}`), 'uuid'],
      ['', 'uuid'],
    ] as const) {
      expect(decodeCursor(cursor, kind)).toBeUndefined();
    }
    expect(() => pageAfter(forged(`${at}|42`), 'uuid')).toThrow(InvalidInputError);
    expect(pageAfter(undefined, 'uuid')).toBeUndefined();
  });

  it('links the next page only when there is one, repeating the filters', () => {
    const headers: Record<string, string> = {};
    const response = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response;
    const rows = [1, 2, 3].map((n) => ({ n, at: new Date(Date.UTC(2026, 0, 4 - n)), id: randomUUID() }));
    const page = { limit: 2, path: '/admin/audit', query: { action: 'backup.taken', cursor: 'old', limit: 2 }, positionOf: (r: (typeof rows)[number]) => r };
    expect(answerPage(response, rows, page).map((r) => r.n)).toEqual([1, 2]);
    const link = /^<\/admin\/audit\?([^>]+)>; rel="next"$/u.exec(headers.Link)?.[1] as string;
    const params = new URLSearchParams(link);
    expect(params.get('action')).toBe('backup.taken');
    expect(params.get('limit')).toBe('2');
    expect(decodeCursor(params.get('cursor') as string, 'uuid')).toEqual({ at: rows[1].at, id: rows[1].id });

    const quiet: Record<string, string> = {};
    const none = { setHeader: (name: string, value: string) => (quiet[name] = value) } as unknown as Response;
    expect(answerPage(none, rows.slice(0, 2), page)).toHaveLength(2);
    expect(quiet).toEqual({});
  });
});
