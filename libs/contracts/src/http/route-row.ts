import type { ZodTypeAny } from 'zod';
import type { ServiceName } from '../services';
import type { OrgRole } from './organizations.roles';

/*
 * A row of the public API: the gateway forwards, guards, limits and documents by these rows, and
 * each service's routes spec checks its controllers against its own rows (same method and path,
 * same access rule), so the two gates cannot drift apart.
 */

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. `public`: anyone (the service still sees the client address);
 * `session`: a valid `__Host-sid` cookie; `staff`: a session whose account holds admin or dpo.
 */
export type RouteAccess = 'public' | 'session' | 'staff';

/** What a request body may be: JSON, an HTML form (RFC 8058 one-click unsubscribe), or nothing. */
export type RouteBody = 'json' | 'form' | 'none';

/**
 * Routes whose answer the gateway shapes itself instead of relaying it: login sets the cookie and
 * hides the token, logout clears the cookie, GET /me is composed from two services, and the
 * language preference sets the `lang` cookie (and, with a session, changes the profile's language).
 * `confirm-password`: the body's `{password}` goes to identity first (checked and throttled like
 * any re-entered password); only then does the request go on to its service, without the body.
 */
export type RouteSpecial = 'create-session' | 'end-session' | 'compose-me' | 'set-language' | 'confirm-password';

export interface RouteResponse {
  description: string;
  /** Body schema of this answer, for the OpenAPI document; none for 204 and problem answers. */
  schema?: ZodTypeAny;
}

/** One row of the public API: where it goes, who may call it, and what the document says. */
export interface RouteRow {
  method: RouteMethod;
  /** Public path below /api/v1; `:name` is one path segment, forwarded verbatim. */
  path: string;
  service: ServiceName;
  access: RouteAccess;
  body: RouteBody;
  /** Routes attackers like (credential stuffing, mail flooding) get their own, smaller limit. */
  rateLimit?: 'sensitive';
  summary: string;
  description?: string;
  /** Documentation only: the service validates the body itself with the same contract schema. */
  requestSchema?: ZodTypeAny;
  /** The answers this route gives beyond the ones every route of its kind can give. */
  responses: Record<number, RouteResponse>;
  special?: RouteSpecial;
  /**
   * Only with `access: 'public'`: a `__Host-sid` cookie, when sent, is resolved and the request
   * goes on as that session (a stale one counts as none). A write that carries the cookie needs
   * the public Origin exactly like a session route: it is cookie-authenticated.
   */
  optionalSession?: true;
  /**
   * Only with `access: 'session'`: answered for a session that still waits for its second factor
   * (completing the login, logging out). Every other session route answers such a session 401.
   */
  duringSecondFactor?: true;
  /**
   * Only with `access: 'session'`: the path's `:id` names an organisation (a tenant). The gateway
   * asks organizations for the caller's membership: a non-member gets 404 with the body of an
   * unknown id, a member whose role is not in `roles` 403. The assertion then carries
   * `org: {id, role}`, which the service checks again and scopes its database by.
   */
  tenant?: { roles: readonly OrgRole[] };
  /**
   * Only for identity writes outside the caller's own session (`public`, `staff`): this one only
   * creates (an account, a session) and changes no existing session or account but the caller's
   * own, so the gateway keeps the other session answers it reuses. Any other such write drops
   * them all when it succeeds.
   */
  changesNoSession?: true;
  /** Content types besides JSON that the service may answer with (e.g. an HTML page). */
  produces?: readonly string[];
  /** This route's largest body, instead of BODY_LIMIT_BYTES (e.g. a staff upload of long texts). */
  bodyLimitBytes?: number;
  /** Query parameters the route reads, for the OpenAPI document (the gateway forwards the query as it is). */
  query?: Record<string, RouteQueryParameter>;
}

export interface RouteQueryParameter {
  description: string;
  required?: boolean;
  schema?: ZodTypeAny;
}
