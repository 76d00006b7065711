import type { RouteAnswer } from '../pipeline/route-answer';

/** identity's check of the signed-in person's password (apps/identity, password-confirmation). */
export const PASSWORD_CONFIRMATION_PATH = '/internal/password-confirmations';

/**
 * Routes marked `confirm-password` (deleting an organisation): the body's `{password}` goes to
 * identity, which checks it with the throttling every re-entered password has; only a 204 sends
 * the request on to its own service, without the body, so the password reaches identity alone.
 * identity's refusal (422 naming `password`, 429 with Retry-After, 401) is relayed as it is.
 */
export const passwordConfirmationAnswer: RouteAnswer = {
  async answer(call) {
    const confirmation = await call.send({
      service: 'identity',
      method: 'POST',
      path: PASSWORD_CONFIRMATION_PATH,
      headers: { ...call.headersFor('identity'), 'content-type': 'application/json' },
      // No body at all is identity's 422 naming `password`, like an empty one.
      body: call.body.bytes ?? Buffer.from('{}'),
    });
    if (confirmation.status !== 204) return call.relay('identity', confirmation);
    call.relay(call.route.service, await call.forward({ withoutBody: true }), { produces: call.route.produces });
  },
};
