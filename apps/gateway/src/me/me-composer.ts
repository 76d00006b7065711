import { meView, profileView } from '@sargs/contracts';
import type { z } from 'zod';
import type { UpstreamService } from '../routing/route';
import { checkAnswer, jsonBody } from '../proxy/answer-relay';
import type { Forwarder, UpstreamAnswer } from '../proxy/forwarder';
import { UpstreamFailure } from '../proxy/upstream-failure';
import type { ResolvedSession } from '../sessions/session-resolver';

export type MeView = z.infer<typeof meView>;

export type ComposedMe =
  | { kind: 'ok'; me: MeView }
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
 * GET /me (docs/architecture.md: identity owns the address and credentials, profile the name and
 * language). Identity's half came with the session lookup; profile is asked for the rest. A
 * failing profile fails the whole: the client gets 502/503/504, never half a person.
 */
export class MeComposer {
  constructor(private readonly forwarder: Forwarder) {}

  async compose(session: ResolvedSession, headersFor: (service: UpstreamService) => Record<string, string>): Promise<ComposedMe> {
    const profile = await this.forwarder.call({ service: 'profile', method: 'GET', path: '/me/profile', headers: headersFor('profile') });
    if (profile.status === 404) return { kind: 'pending' };
    const { name, language } = parsed('profile', profile, profileView.passthrough());
    const { account } = session;
    const me = meView.safeParse({
      id: account.id,
      email: account.email,
      name,
      language,
      roles: account.roles,
      emailVerified: account.emailVerified,
      createdAt: account.createdAt,
      passwordChangedAt: account.passwordChangedAt,
      mfa: account.mfa,
    });
    if (!me.success) throw new UpstreamFailure('identity', 'bad-answer', 'composed view has the wrong shape');
    return { kind: 'ok', me: me.data };
  }
}
