import type { IncomingMessage, ServerResponse } from 'node:http';
import { profileView, STAFF_ROLES, type RouteRow, type RouteSpecial } from '@sargs/contracts';
import { CORRELATION_HEADER, currentCorrelationId, runWithCorrelation, type Logger } from '@sargs/platform/observability';
import { checkJson, checkMediaType } from '../edge/body-rules';
import { formAsUrlEncoded } from '../edge/form-body';
import { clientKey } from '@sargs/platform/auth-assertion';
import { clientAddress } from '../edge/client-address';
import { forwardHeaders } from '../edge/forward-headers';
import { languageHint } from '../edge/language-hint';
import { originAllowed, WRITE_METHODS } from '../edge/origin-check';
import type { TokenBucketLimiter } from '../edge/rate-limiter';
import { declaresBody, discardBody, readRawBody } from '../edge/raw-body';
import { sendProblem, type ProblemOptions } from '../edge/reply';
import type { AssertionClaims, AssertionSigner } from '../proxy/assertion-signer';
import { relayAnswer, sendFailure } from '../proxy/answer-relay';
import type { Forwarder, UpstreamAnswer } from '../proxy/forwarder';
import { UpstreamFailure } from '../proxy/upstream-failure';
import { API_PREFIX, type UpstreamService } from '../routing/route';
import type { RouteMatcher } from '../routing/route-matcher';
import { clearedSessionCookie, LANGUAGE_COOKIE, parseCookies, SESSION_COOKIE } from '../sessions/session-cookie';
import type { RelayedProfileChanges } from '../me/relayed-profile-changes';
import type { ResolvedSession, SessionResolver } from '../sessions/session-resolver';
import type { MembershipResolver } from '../tenancy/membership-resolver';
import { CachedRelay } from '../caching/cached-relay';
import type { SharedAnswerCache } from '../caching/shared-answer-cache';
import type { AcceptedBody, RouteAnswer, RouteCall } from './route-answer';

/** The detail of the 404 a non-member gets, the same as for an organisation that does not exist (docs/api.md). */
export const NO_SUCH_ORGANISATION = 'No such organisation';

/** Whether a request URL is the public API's (case-sensitive, unlike express's mount paths). */
export function isApiRequest(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0];
  return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
}

export interface ApiPipelineSettings {
  /** Serialised public origin (see origin-check.ts). */
  publicOrigin: string;
  trustProxy: number;
  bodyLimitBytes: number;
  /** Staff routes need a session that gave its second factor (STAFF_MFA_REQUIRED). */
  staffMfaRequired: boolean;
}

/** A service's JSON answer, or undefined when it is not JSON. */
function parsedOrUndefined(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export interface ApiPipelineParts {
  routes: RouteMatcher;
  forwarder: Forwarder;
  signer: AssertionSigner;
  sessions: SessionResolver;
  /** Profile changes relayed here that identity's copy may not show yet (GET /me asks profile until it does). */
  relayedProfileChanges: RelayedProfileChanges;
  /** Who the caller is in the organisation a tenant route names. */
  memberships: MembershipResolver;
  /** The routes the gateway answers itself, by their row's `special`; every other route is relayed. */
  answers: Record<RouteSpecial, RouteAnswer>;
  /** Public answers kept for reuse (every other route is relayed through it): a write relayed to a service drops that service's. */
  publicAnswers: SharedAnswerCache;
  globalLimiter: TokenBucketLimiter;
  sensitiveLimiter: TokenBucketLimiter;
  logger: Logger;
  settings: ApiPipelineSettings;
  now?: () => number;
}

/** One request on its way through: what the steps learned so far. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  correlationId: string;
  clientIp: string;
  route?: RouteRow;
  upstreamPath?: string;
}

/**
 * Everything below /api/v1, in order: correlation id, global rate limit, route (404/405),
 * sensitive rate limit, CSRF origin check, session (401/403), body (415/413/422), then forward
 * with a signed assertion and relay the answer. Every refusal is a problem+json made here.
 */
export class ApiPipeline {
  private readonly now: () => number;
  /** How a route without a `special` is answered: relayed, public reads through the shared cache. */
  private readonly relay: RouteAnswer;

  constructor(private readonly parts: ApiPipelineParts) {
    this.now = parts.now ?? Date.now;
    this.relay = new CachedRelay(parts.publicAnswers, this.now);
  }

  /** Never rejects: every outcome is an answer (or a connection the client already dropped). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sent = req.headers[CORRELATION_HEADER];
    return runWithCorrelation(typeof sent === 'string' ? sent : undefined, async () => {
      // The id the scope kept: the client's if it was acceptable, a new one if not.
      const correlationId = currentCorrelationId() as string;
      res.setHeader(CORRELATION_HEADER, correlationId);
      const started = this.now();
      const exchange: Exchange = {
        req,
        res,
        correlationId,
        clientIp: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.parts.settings.trustProxy),
      };
      try {
        await this.run(exchange);
      } catch (err) {
        this.fail(exchange, err);
      }
      this.parts.logger.info(
        { method: req.method, route: exchange.route ? exchange.route.path : 'unmatched', status: res.statusCode, ms: this.now() - started },
        'api request',
      );
    });
  }

  /**
   * The global per-client limit for a web page that makes no API call itself (its API calls,
   * if any, pass through handle() and are counted there too).
   */
  admit(req: IncomingMessage): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const clientIp = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.parts.settings.trustProxy);
    const decision = this.parts.globalLimiter.take(clientKey(clientIp));
    return decision.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
  }

  private async run(x: Exchange): Promise<void> {
    const { req } = x;
    const { settings } = this.parts;
    const limitKey = clientKey(x.clientIp);
    if (!this.withinLimit(x, this.parts.globalLimiter, limitKey)) return;

    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = (queryAt >= 0 ? url.slice(0, queryAt) : url).slice(API_PREFIX.length);
    const method = req.method ?? 'GET';
    const match = this.parts.routes.match(method, path);
    if (match.kind === 'not-found') return this.refuse(x, 404, 'No such resource');
    if (match.kind === 'method-not-allowed') {
      return this.refuse(x, 405, `${method} is not allowed here`, { headers: { allow: match.allow.join(', ') } });
    }
    const route = match.route;
    const params = match.params;
    x.route = route;
    x.upstreamPath = queryAt >= 0 ? `${path}${url.slice(queryAt)}` : path;
    if (route.rateLimit === 'sensitive' && !this.withinLimit(x, this.parts.sensitiveLimiter, `${route.method} ${route.path} ${limitKey}`)) return;

    const write = WRITE_METHODS.has(method);
    const origin = req.headers.origin;
    const cookies = parseCookies(req.headers.cookie);
    let session: ResolvedSession | undefined;
    /** A session cookie sent to an optional-session route that names no live session. */
    let staleSession = false;
    if (route.access === 'public') {
      // An optional-session route with the cookie is a cookie-authenticated write: Origin required.
      const optional = route.optionalSession ? cookies.get(SESSION_COOKIE) || undefined : undefined;
      if (write && !originAllowed(origin, settings.publicOrigin, optional !== undefined)) {
        return this.refuse(x, 403, optional === undefined ? 'Origin not allowed' : 'Origin missing or not allowed');
      }
      if (optional !== undefined) {
        const resolved = await this.parts.sessions.resolve(optional, x);
        staleSession = resolved === undefined;
        // A login still waiting for its second factor acts for nobody yet.
        session = resolved?.secondFactor === 'pending' ? undefined : resolved;
      }
    } else {
      const token = cookies.get(SESSION_COOKIE);
      // No cookie, no ambient authority to abuse: 401 comes before the CSRF check.
      if (!token) return this.refuse(x, 401, 'A session is required');
      if (write && !originAllowed(origin, settings.publicOrigin, true)) return this.refuse(x, 403, 'Origin missing or not allowed');
      session = await this.parts.sessions.resolve(token, x);
      if (!session) return this.refuse(x, 401, 'The session is invalid or has ended', { headers: { 'set-cookie': clearedSessionCookie() } });
      if (session.secondFactor === 'pending' && !route.duringSecondFactor) {
        return this.refuse(x, 401, 'The login is not complete: give the second factor first (POST /api/v1/sessions/current/mfa)');
      }
      if (route.access === 'staff') {
        const staff = session.roles.some((role) => STAFF_ROLES.includes(role));
        const factorMissing = staff && settings.staffMfaRequired && session.secondFactor !== 'done';
        if (!staff || factorMissing) {
          // Who tried which staff route (R27): the account id and the route pattern, never the
          // address, cookie or query values.
          this.parts.logger.warn({ accountId: session.accountId, method: route.method, route: route.path }, 'staff route refused');
          return this.refuse(x, 403, staff ? 'Staff routes need a second factor: set one up at /account/security and log in with it' : 'This needs the admin or dpo role');
        }
      }
    }

    let org: AssertionClaims['org'];
    if (route.tenant && session) {
      const orgId = params.id ?? '';
      const role = await this.parts.memberships.roleOf(orgId, session.accountId, x);
      // A non-member learns nothing: the answer of an id that belongs to no organisation.
      if (!role) return this.refuse(x, 404, NO_SUCH_ORGANISATION);
      if (!route.tenant.roles.includes(role)) return this.refuse(x, 403, `This needs the ${route.tenant.roles.join(' or ')} role in the organisation`);
      // The id as the path has it: the service checks its own `:id` against this claim.
      org = { id: orgId, role };
    }

    const body = await this.acceptBody(x, route);
    if (!body) return;

    const claims: Omit<AssertionClaims, 'aud'> = session
      ? { sub: session.accountId, roles: session.roles, sid: session.sessionId, cip: x.clientIp, ...(org ? { org } : {}) }
      : { roles: [], cip: x.clientIp };
    const language = languageHint(cookies.get(LANGUAGE_COOKIE), req.headers['accept-language']);
    const headersFor = (service: UpstreamService, withBody = true, unconditional = false) =>
      forwardHeaders(req.headers, {
        correlationId: x.correlationId,
        language,
        assertion: this.parts.signer.sign({ ...claims, aud: service }),
        contentType: body.bytes && withBody ? body.contentType : undefined,
        method,
        unconditional,
      });
    const upstreamPath = x.upstreamPath ?? route.path;
    const ifNoneMatch = req.headers['if-none-match'];

    const call: RouteCall = {
      res: x.res,
      route,
      session,
      staleSession,
      body,
      upstreamPath,
      language,
      ifNoneMatch: Array.isArray(ifNoneMatch) ? ifNoneMatch.join(', ') : ifNoneMatch,
      headersFor: (service) => headersFor(service),
      forward: async (options) => {
        const withBody = !options?.withoutBody;
        const answer = await this.parts.forwarder.call({
          service: route.service,
          method: route.method,
          path: upstreamPath,
          headers: headersFor(route.service, withBody, options?.unconditional),
          body: withBody ? body.bytes : undefined,
        });
        this.noteChange(route, session, org?.id, route.service, route.method, answer);
        return answer;
      },
      send: async (upstreamCall) => {
        const answer = await this.parts.forwarder.call(upstreamCall);
        this.noteChange(route, session, org?.id, upstreamCall.service, upstreamCall.method, answer);
        return answer;
      },
      relay: (service, answer, options) => {
        const failure = relayAnswer(x.res, service, answer, options);
        if (failure) this.logFailure(x, failure);
      },
      refuse: (status, detail, options) => this.refuse(x, status, detail, options),
    };
    return (route.special ? this.parts.answers[route.special] : this.relay).answer(call);
  }

  /**
   * A write this gateway relayed, noted before the client hears of it, so the next request here
   * never meets the old state. identity changed something of the caller's account (a logout, a
   * new password...): that account's reused session answers go. identity changed another account
   * (staff closing or re-roling it, a reset link revoking its sessions): all of them go, as the
   * accounts are not named here; writes that only create (`changesNoSession`) change no other.
   * profile changed the name or language: GET /me asks profile until identity's copy shows it.
   * organizations changed an organisation's members (or deleted it): that organisation's reused
   * roles go; a write outside one organisation's routes (accepting an invitation) drops them all.
   * Any write drops the public answers of the service it went to (a newly published policy).
   * Other gateway instances hear of all of it from the services' change feeds a moment later.
   */
  private noteChange(
    route: RouteRow,
    session: ResolvedSession | undefined,
    orgId: string | undefined,
    service: UpstreamService,
    method: string,
    answer: UpstreamAnswer,
  ): void {
    if (method === 'GET' || answer.status >= 300) return;
    this.parts.publicAnswers.forgetService(service);
    if (service === 'organizations') {
      if (orgId !== undefined) this.parts.memberships.forget(orgId);
      else this.parts.memberships.forgetAll();
    }
    if (service === 'identity') {
      // The caller's own (a public route's optional cookie too: a new login ends the session it replaces).
      if (session) this.parts.sessions.forget(session.accountId);
      if (route.access !== 'session' && !route.changesNoSession) this.parts.sessions.forgetAll();
    }
    if (service === 'profile' && session && answer.status === 200) {
      const view = profileView.safeParse(parsedOrUndefined(answer.body));
      if (view.success) this.parts.relayedProfileChanges.relayed(session.accountId, view.data);
    }
  }

  private withinLimit(x: Exchange, limiter: TokenBucketLimiter, key: string): boolean {
    const decision = limiter.take(key);
    if (decision.allowed) return true;
    this.refuse(x, 429, 'Too many requests; try again later', { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
    return false;
  }

  /** A refusal before a declared body was read closes the connection, so the rest is never read. */
  private refuse(x: Exchange, status: number, detail: string, options: ProblemOptions = {}): void {
    sendProblem(x.res, status, detail, { close: declaresBody(x.req) && !x.req.readableEnded, ...options });
  }

  /** The body as the route takes it, or undefined once a 415/413/422 has been sent. */
  private async acceptBody(x: Exchange, route: RouteRow): Promise<AcceptedBody | undefined> {
    const { req } = x;
    if (!declaresBody(req)) return {};
    const mediaProblem = checkMediaType(route.body, req.headers);
    if (mediaProblem) {
      const drained = await discardBody(req);
      this.refuse(x, mediaProblem.status, mediaProblem.detail, { close: !drained });
      return undefined;
    }
    // Read (and bounded) even where it is ignored, so a GET cannot stream gigabytes at us.
    const limit = route.bodyLimitBytes ?? this.parts.settings.bodyLimitBytes;
    const bytes = await readRawBody(req, limit);
    if (bytes === 'too-large') {
      const drained = await discardBody(req);
      this.refuse(x, 413, `Request body is larger than ${limit} bytes`, { close: !drained });
      return undefined;
    }
    if (route.body === 'none' || bytes.length === 0) return {};
    if (route.body === 'json') {
      const jsonProblem = checkJson(bytes);
      if (jsonProblem) {
        this.refuse(x, jsonProblem.status, jsonProblem.detail, { errors: jsonProblem.errors });
        return undefined;
      }
      return { bytes, contentType: String(req.headers['content-type']) };
    }
    const form = await formAsUrlEncoded(bytes, String(req.headers['content-type']));
    if ('status' in form) {
      this.refuse(x, form.status, form.detail, { errors: form.errors });
      return undefined;
    }
    return form;
  }

  private fail(x: Exchange, err: unknown): void {
    if (err instanceof UpstreamFailure) {
      this.logFailure(x, err);
      sendFailure(x.res, err);
      return;
    }
    // The client went away (aborted upload, closed socket): nobody to answer.
    if (x.req.destroyed || x.res.destroyed || x.res.writableEnded) {
      this.parts.logger.debug({ route: x.route?.path }, 'client went away');
      return;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    this.parts.logger.error({ err: { name: e.name, message: e.message, stack: e.stack }, route: x.route?.path }, 'gateway error');
    this.refuse(x, 500, 'An unexpected error occurred');
  }

  private logFailure(x: Exchange, failure: UpstreamFailure): void {
    this.parts.logger.warn(
      { upstream: failure.service, route: x.route ? `${x.route.method} ${x.route.path}` : undefined, failure: failure.kind, reason: failure.reason },
      'upstream failed',
    );
  }
}
