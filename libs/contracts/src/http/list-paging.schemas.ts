import { z } from 'zod';

/**
 * Paging of every staff list (docs/api.md: lists are bare arrays; paging goes in a `Link` header).
 * `limit` is the page size; `cursor` is the opaque position after the last entry of the page
 * before, taken from the `rel="next"` link, never built by hand.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const pageQueryFields = {
  limit: z.coerce
    .number({ invalid_type_error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/u, 'is not a cursor this list gave').optional(),
};

export const pageQuery = z.object(pageQueryFields).passthrough();
export type PageQuery = z.infer<typeof pageQuery>;

/** Query parameters of every paged list, for the OpenAPI document. */
export const PAGE_QUERY_DOCS = {
  limit: { description: `Entries per page, 1-${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}); a longer list links its next page in \`Link: <...>; rel="next"\`` },
  cursor: { description: 'Where the next page starts: copy it from the `rel="next"` link' },
} as const;
