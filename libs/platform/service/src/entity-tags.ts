// Conditional reads (RFC 9110): shared by the services that tag their answers and the gateway's cache.

/**
 * RFC 9110 If-None-Match: `*` or a list of entity tags, compared weakly (a `W/` prefix is
 * ignored). Anything malformed simply does not match.
 */
export function etagMatches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  const header = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === wanted);
}
