import type { RouteAnswer } from '../pipeline/route-answer';
import { clearedSessionCookie } from './session-cookie';

/** Logout (DELETE /sessions/current): the cookie goes once identity has ended the session, or when it was already gone. */
export const logoutAnswer: RouteAnswer = {
  async answer(call) {
    const answer = await call.forward();
    const clear = answer.status === 204 || answer.status === 401;
    call.relay(call.route.service, answer, { headers: clear ? { 'set-cookie': clearedSessionCookie() } : {} });
  },
};
