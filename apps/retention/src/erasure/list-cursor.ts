import { uuidField } from '@sargs/contracts';
import { decodeCursor, problem, ProblemException, type PagePosition } from '@sargs/platform/service';

/** One page of a staff list, fetched with one row more than `limit` (answerPage turns that into the next link). */
export interface ListPage<T> {
  rows: T[];
  limit: number;
  query: Record<string, string | undefined>;
}

/** Latest time PostgreSQL and ISO 8601 both hold (9999-12-31T23:59:59.999Z). */
const LAST_TIME = 253_402_300_799_999;

/**
 * The position after which a page of erasure cases or legal holds starts (both keyed by a uuid),
 * or undefined for the first page. A cursor we did not give is 422 naming `cursor`, never a
 * database error: its id must be a uuid and its time one PostgreSQL can hold.
 */
export function listCursor(cursor: string | undefined, title: string): PagePosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor);
  const time = position?.at.getTime() ?? Number.NaN;
  if (!position || !uuidField.safeParse(position.id).success || !(time >= 0 && time <= LAST_TIME)) {
    throw new ProblemException(problem(422, title, [{ field: 'cursor', message: 'is not a cursor this list gave' }]));
  }
  return position;
}
