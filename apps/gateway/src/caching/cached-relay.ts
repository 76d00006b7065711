import { etagMatches } from '@sargs/platform/service/http';
import { sendBody } from '../edge/reply';
import { checkAnswer, single } from '../proxy/answer-relay';
import { relayedRoute, type RouteAnswer, type RouteCall } from '../pipeline/route-answer';
import type { SharedAnswerCache, StoredAnswer } from './shared-answer-cache';

/**
 * The relay of a public read, through the shared cache: a fresh stored answer is given again (200,
 * or 304 to a matching If-None-Match) with its Age, and nothing reaches the service. A miss asks
 * the service unconditionally, so what comes back can be stored, and then answers as a hit would.
 * A read with a session, or of a non-public route, is relayed as it is and never stored.
 */
export class CachedRelay implements RouteAnswer {
  constructor(
    private readonly cache: SharedAnswerCache,
    private readonly now: () => number = Date.now,
  ) {}

  async answer(call: RouteCall): Promise<void> {
    const { route } = call;
    if (route.method !== 'GET' || route.access !== 'public' || call.session !== undefined) return relayedRoute.answer(call);
    // The path with its query, as sent, and the language the service would be told.
    const key = `${call.upstreamPath}\u0000${call.language ?? ''}`;
    const hit = this.cache.get(key);
    if (hit) return this.send(call, hit, true);
    const mark = this.cache.mark();
    const answer = await call.forward({ unconditional: true });
    const stored = checkAnswer(route.service, answer, route.produces) ? undefined : this.cache.store(key, route.service, answer, mark);
    if (stored) return this.send(call, stored, false);
    call.relay(route.service, answer, { produces: route.produces });
  }

  private send(call: RouteCall, stored: StoredAnswer, hit: boolean): void {
    const { answer, etag } = stored;
    // RFC 9111 §5.1: how long the answer has been kept here, in whole seconds.
    const headers = hit ? { ...stored.headers, age: String(Math.floor((this.now() - stored.storedAt) / 1000)) } : stored.headers;
    if (etag !== undefined && etagMatches(call.ifNoneMatch, etag)) {
      sendBody(call.res, 304, undefined, Buffer.alloc(0), headers);
      return;
    }
    sendBody(call.res, 200, single(answer.headers['content-type']), answer.body, headers);
  }
}
