import { meView, profileView } from '@sargs/contracts';
import type { z } from 'zod';
import type { UpstreamService } from '../routing/route';
import { checkAnswer, jsonBody } from '../proxy/answer-relay';
import type { Forwarder, UpstreamAnswer } from '../proxy/forwarder';
import { UpstreamFailure } from '../proxy/upstream-failure';
import type { ResolvedSession } from '../sessions/session-resolver';
import type { ProfileHalf, RelayedProfileChanges } from './relayed-profile-changes';

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
 * language). Identity's half came with the session lookup, and with it identity's copy of the name
 * and language (kept by ProfileChanged), which is used unless this gateway relayed a profile change
 * the copy does not show yet; then profile is asked. A failing profile fails the whole: the client
 * gets 502/503/504, never half a person.
 */
export class MeComposer {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly relayedChanges: RelayedProfileChanges,
  ) {}

  async compose(session: ResolvedSession, headersFor: (service: UpstreamService) => Record<string, string>): Promise<ComposedMe> {
    const copy = session.profile && this.relayedChanges.copyIsCurrent(session.accountId, session.profile) ? session.profile : undefined;
    const half = copy ?? (await this.askProfile(headersFor));
    if (!half) return { kind: 'pending' };
    const { name, language } = half;
    const { account } = session;
    // Both halves were checked when they came (resolvedSession, profileView), so the view is made,
    // not parsed again: GET /me is the hottest read, and zod showed in the gateway's profile of it.
    const me: MeView = {
      id: account.id,
      email: account.email,
      name,
      language,
      roles: account.roles,
      emailVerified: account.emailVerified,
      createdAt: account.createdAt,
      passwordChangedAt: account.passwordChangedAt,
      mfa: { totp: account.mfa.totp, passkeys: account.mfa.passkeys },
    };
    return { kind: 'ok', me };
  }

  /** profile's half; undefined while profile has not built the account's profile yet (404). */
  private async askProfile(headersFor: (service: UpstreamService) => Record<string, string>): Promise<ProfileHalf | undefined> {
    const profile = await this.forwarder.call({ service: 'profile', method: 'GET', path: '/me/profile', headers: headersFor('profile') });
    if (profile.status === 404) return undefined;
    return parsed('profile', profile, profileView.passthrough());
  }
}
