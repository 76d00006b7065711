import { sendJson } from '../edge/reply';
import type { RouteAnswer, RouteCall } from '../pipeline/route-answer';
import type { MeComposer } from './me-composer';

/** GET /me, composed from identity's account and profile's profile. */
export class MeAnswer implements RouteAnswer {
  constructor(private readonly me: MeComposer) {}

  async answer(call: RouteCall): Promise<void> {
    // The route is session-only, so a session is always there; the check keeps the types honest.
    if (!call.session) return call.refuse(401, 'A session is required');
    const result = await this.me.compose(call.session, (service) => call.headersFor(service));
    if (result.kind === 'ok') return sendJson(call.res, 200, result.me);
    return call.refuse(503, 'profile is not ready yet', { headers: { 'retry-after': '1' } });
  }
}
