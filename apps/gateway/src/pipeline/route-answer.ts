import type { Language, RouteRow } from '@sargs/contracts';
import type { ServerResponse } from 'node:http';
import type { ExtraHeaders, ProblemOptions } from '../edge/reply';
import type { UpstreamAnswer, UpstreamCall } from '../proxy/forwarder';
import type { UpstreamService } from '../routing/route';
import type { ResolvedSession } from '../sessions/session-resolver';

/** The request body as the route takes it (none, or the bytes and their content type). */
export interface AcceptedBody {
  bytes?: Buffer;
  contentType?: string;
}

/**
 * One API request that passed every step of the pipeline (limits, route, origin, session, body),
 * as the step that answers it sees it.
 */
export interface RouteCall {
  readonly res: ServerResponse;
  readonly route: RouteRow;
  readonly session: ResolvedSession | undefined;
  /** A session cookie was sent to an optional-session route but names no live session. */
  readonly staleSession: boolean;
  readonly body: AcceptedBody;
  /** The path below the service and the query, as the request named them. */
  readonly upstreamPath: string;
  /** The language the service is told (x-sargs-language), from the lang cookie or Accept-Language. */
  readonly language: Language | undefined;
  /** The client's If-None-Match, for an answer the gateway gives itself. */
  readonly ifNoneMatch: string | undefined;
  /** Headers for a call to `service`, with an assertion signed for it. */
  headersFor(service: UpstreamService): Record<string, string>;
  /**
   * The request on to the route's own service, as it came (method, path and query, body);
   * `withoutBody`: the same request with no body (the body was for the gateway's own check);
   * `unconditional`: without the client's If-None-Match, so the whole answer comes back.
   */
  forward(options?: { withoutBody?: boolean; unconditional?: boolean }): Promise<UpstreamAnswer>;
  /** Any other call to a service. */
  send(call: UpstreamCall): Promise<UpstreamAnswer>;
  /** The service's answer on to the client as it is, or the failure it is (logged). */
  relay(service: UpstreamService, answer: UpstreamAnswer, options?: { produces?: readonly string[]; headers?: ExtraHeaders }): void;
  refuse(status: number, detail: string, options?: ProblemOptions): void;
}

/**
 * How a route is answered once the pipeline has admitted it. Most routes are relayed as they
 * are (`relayAnswer`); a few the gateway shapes itself, each in its feature's folder (login and
 * logout in sessions/, GET /me in me/, the language preference in preferences/).
 */
export interface RouteAnswer {
  answer(call: RouteCall): Promise<void>;
}

/** The default: the service answers, the gateway relays. */
export const relayedRoute: RouteAnswer = {
  async answer(call) {
    call.relay(call.route.service, await call.forward(), { produces: call.route.produces });
  },
};
