import { accountView, meView, profileView } from '@sargs/contracts';
import type { z } from 'zod';
import type { UpstreamService } from '../routing/route';
import { checkAnswer, jsonBody } from '../proxy/answer-relay';
import type { Forwarder, UpstreamAnswer } from '../proxy/forwarder';
import { UpstreamFailure } from '../proxy/upstream-failure';

export type MeView = z.infer<typeof meView>;

export type ComposedMe =
  | { kind: 'ok'; me: MeView }
  /** Identity no longer knows the session (revoked between resolution and this call). */
  | { kind: 'unauthorized' }
  /** Profile has not yet built this account's profile from AccountRegistered: try again shortly. */
  | { kind: 'pending' };

/** A service's view, shape-checked; extra fields are tolerated here and left out of the merge. */
function parsed<T extends z.ZodTypeAny>(service: UpstreamService, answer: UpstreamAnswer, schema: T): z.infer<T> {
  const failure = checkAnswer(service, answer);
  if (failure) throw failure;
  if (answer.status !== 200) throw new UpstreamFailure(service, 'bad-answer', `answered ${answer.status}`);
  const result = schema.safeParse(jsonBody(service, answer));
  if (!result.success) throw new UpstreamFailure(service, 'bad-answer', 'answer has the wrong shape');
  return result.data as z.infer<T>;
}

/**
 * GET /me (ARCHITECTURE.md: identity owns the address and credentials, profile the name and
 * language): both asked at once, then merged. Either failing fails the whole; the client gets the
 * failure (502/503/504), never half a person.
 */
export class MeComposer {
  constructor(private readonly forwarder: Forwarder) {}

  async compose(headersFor: (service: UpstreamService) => Record<string, string>): Promise<ComposedMe> {
    const [identity, profile] = await Promise.allSettled([
      this.forwarder.call({ service: 'identity', method: 'GET', path: '/me', headers: headersFor('identity') }),
      this.forwarder.call({ service: 'profile', method: 'GET', path: '/me/profile', headers: headersFor('profile') }),
    ]);
    if (identity.status === 'fulfilled' && identity.value.status === 401) return { kind: 'unauthorized' };
    if (identity.status === 'rejected') throw identity.reason;
    if (profile.status === 'rejected') throw profile.reason;
    const account = parsed('identity', identity.value, accountView.passthrough());
    if (profile.value.status === 404) return { kind: 'pending' };
    const { name, language } = parsed('profile', profile.value, profileView.passthrough());
    const me = meView.safeParse({
      id: account.id,
      email: account.email,
      name,
      language,
      roles: account.roles,
      emailVerified: account.emailVerified,
      createdAt: account.createdAt,
      passwordChangedAt: account.passwordChangedAt,
    });
    if (!me.success) throw new UpstreamFailure('identity', 'bad-answer', 'composed view has the wrong shape');
    return { kind: 'ok', me: me.data };
  }
}
