import { sendBody } from '../edge/reply';
import { checkAnswer } from '../proxy/answer-relay';
import type { RouteAnswer } from '../pipeline/route-answer';
import { clearedSessionCookie, languageCookie } from '../sessions/session-cookie';
import { parseLanguagePreference, profileLanguagePatch } from './language-preference';

/**
 * PUT /preferences/language, answered here: the `lang` cookie for everyone; with a live session
 * the account's language changes first (profile PATCH /me/profile, which publishes
 * ProfileChanged), and a failure there sets no cookie, so a retry does both. A stale session
 * cookie counts as none and is cleared, as a session route would.
 */
export const languagePreferenceAnswer: RouteAnswer = {
  async answer(call) {
    const preference = parseLanguagePreference(call.body.bytes);
    if (preference.kind === 'invalid') return call.refuse(422, preference.problem.detail, { errors: preference.problem.errors });
    const cookies = [languageCookie(preference.language)];
    if (call.session) {
      const answer = await call.send({
        service: 'profile',
        method: 'PATCH',
        path: '/me/profile',
        headers: { ...call.headersFor('profile'), 'content-type': 'application/json' },
        body: profileLanguagePatch(preference.language),
      });
      if (answer.status === 404) return call.refuse(503, 'profile is not ready yet', { headers: { 'retry-after': '1' } });
      if (answer.status !== 200) return call.relay('profile', answer);
      const failure = checkAnswer('profile', answer);
      if (failure) throw failure;
    } else if (call.staleSession) {
      cookies.push(clearedSessionCookie());
    }
    sendBody(call.res, 204, undefined, Buffer.alloc(0), { 'set-cookie': cookies });
  },
};
