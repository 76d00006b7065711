import type { INestApplication } from '@nestjs/common';
import { json, urlencoded } from 'express';

/** Every page form: Nest's usual 100 kB, which no field of ours comes near. */
const PAGE_BODY_LIMIT = '100kb';

/**
 * Pages whose forms carry long texts. Policy publishing posts two texts of up to 200,000
 * characters each; percent-encoded, a Latvian letter is 6 bytes and any other at most 9.
 */
const LONG_FORMS: ReadonlyArray<{ path: string; limit: string }> = [{ path: '/admin/policies', limit: '4mb' }];

/**
 * The page forms' body parsers, with their limits said here rather than left to Nest's defaults
 * (which then see these in place and add none). A body over its limit is the 413 page. API
 * requests never reach them: the API pipeline reads its own bodies, by route.
 */
export function usePageBodyParsers(app: INestApplication): void {
  // A parser that ran first marks the body read, so the general ones after it pass it by.
  for (const { path, limit } of LONG_FORMS) app.use(path, urlencoded({ extended: true, limit }));
  app.use(urlencoded({ extended: true, limit: PAGE_BODY_LIMIT }));
  app.use(json({ limit: PAGE_BODY_LIMIT }));
}
