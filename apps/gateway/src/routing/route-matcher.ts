import type { RouteMethod, RouteRow } from '@sargs/contracts';

/**
 * A path parameter is one segment of unreserved URL characters (RFC 3986), so it is forwarded
 * verbatim without any chance of adding a segment, a query or an encoded slash upstream.
 */
const PARAM_VALUE = /^[A-Za-z0-9._~-]+$/;
/** Dot segments would let a client walk the service's path tree; `..` matches PARAM_VALUE. */
const DOT_SEGMENTS = new Set(['.', '..']);

export type RouteMatch =
  | { kind: 'found'; route: RouteRow; params: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: RouteMethod[] };

interface CompiledRoute {
  route: RouteRow;
  /** A static segment, or `{ param }` for `:param`. */
  segments: (string | { param: string })[];
}

function compile(route: RouteRow): CompiledRoute {
  if (!route.path.startsWith('/') || route.path.endsWith('/')) throw new Error(`route path ${route.path} must start and not end with /`);
  const segments = route.path
    .slice(1)
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        const param = segment.slice(1);
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(param)) throw new Error(`route ${route.path}: bad parameter name ${segment}`);
        return { param };
      }
      if (!PARAM_VALUE.test(segment)) throw new Error(`route ${route.path}: bad segment ${segment}`);
      return segment;
    });
  return { route, segments };
}

/** Static segments beat parameters, left to right: DELETE /sessions/current is not /sessions/:id. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const aStatic = typeof a.segments[i] === 'string';
    const bStatic = typeof b.segments[i] === 'string';
    if (aStatic !== bStatic) return aStatic ? -1 : 1;
  }
  return 0;
}

/** Finds the row for a method and a path below /api/v1; 404 and 405 are told apart. */
export class RouteMatcher {
  private readonly routes: CompiledRoute[];

  constructor(rows: readonly RouteRow[]) {
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.method} ${row.path.replace(/:[^/]+/g, ':')}`;
      if (seen.has(key)) throw new Error(`route table has ${row.method} ${row.path} twice`);
      seen.add(key);
    }
    this.routes = rows.map(compile).sort(bySpecificity);
  }

  /** `path` is the public path minus /api/v1, without the query string. */
  match(method: string, path: string): RouteMatch {
    if (!path.startsWith('/')) return { kind: 'not-found' };
    const parts = path.slice(1).split('/');
    const allow: RouteMethod[] = [];
    for (const { route, segments } of this.routes) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      if (!allow.includes(route.method)) allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  }
}

function matchSegments(segments: CompiledRoute['segments'], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const part = parts[i];
    if (typeof segment === 'string') {
      if (segment !== part) return undefined;
    } else {
      if (!PARAM_VALUE.test(part) || DOT_SEGMENTS.has(part)) return undefined;
      params[segment.param] = part;
    }
  }
  return params;
}
