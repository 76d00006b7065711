import { z } from 'zod';
import { createdSessionView } from '@sargs/contracts';
import { sendJson } from '../edge/reply';
import { checkAnswer, jsonBody } from '../proxy/answer-relay';
import { UpstreamFailure } from '../proxy/upstream-failure';
import type { RouteAnswer, RouteCall } from '../pipeline/route-answer';
import { isCookieValue, sessionCookie } from './session-cookie';

/** Identity's answer to a login: the token stays here (cookie), only `session` goes on. */
const loginAnswer = z.object({ token: z.string(), session: createdSessionView.passthrough() }).passthrough();

/** Logins (POST /sessions, POST /sessions/passkey): the token becomes the cookie and never appears in a body the browser's scripts see. */
export class LoginAnswer implements RouteAnswer {
  constructor(private readonly now: () => number) {}

  async answer(call: RouteCall): Promise<void> {
    const { service } = call.route;
    const answer = await call.forward();
    if (answer.status !== 200) return call.relay(service, answer);
    const failure = checkAnswer(service, answer);
    if (failure) throw failure;
    const login = loginAnswer.safeParse(jsonBody(service, answer));
    if (!login.success || !isCookieValue(login.data.token)) throw new UpstreamFailure(service, 'bad-answer', 'login answer has the wrong shape');
    const { id, createdAt, expiresAt, mfaRequired } = login.data.session;
    const maxAge = Math.floor((Date.parse(expiresAt) - this.now()) / 1000);
    if (!(maxAge > 0)) throw new UpstreamFailure(service, 'bad-answer', 'login answer expires in the past');
    sendJson(call.res, 200, { id, createdAt, expiresAt, mfaRequired }, { 'set-cookie': sessionCookie(login.data.token, maxAge) });
  }
}
