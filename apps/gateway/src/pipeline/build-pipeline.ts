import { MEMBERSHIP_CHANGES_PATH, SESSION_CHANGES_PATH, type RouteRow } from '@sargs/contracts';
import type { Logger } from '@sargs/platform/observability';
import { assertionPrivateKey } from '@sargs/platform/auth-assertion';
import type { AppConfig } from '../config/app-config';
import { serialisedOrigin } from '../edge/origin-check';
import { TokenBucketLimiter } from '../edge/rate-limiter';
import { MeAnswer } from '../me/me.answer';
import { MeComposer } from '../me/me-composer';
import { RelayedProfileChanges } from '../me/relayed-profile-changes';
import { languagePreferenceAnswer } from '../preferences/language-preference.answer';
import { AssertionSigner } from '../proxy/assertion-signer';
import { Forwarder } from '../proxy/forwarder';
import { UpstreamPools, upstreamUrls } from '../proxy/upstream-pools';
import { RouteMatcher } from '../routing/route-matcher';
import { ROUTE_TABLE } from '../routing/route-table';
import { LoginAnswer } from '../sessions/login.answer';
import { logoutAnswer } from '../sessions/logout.answer';
import type { SessionCache } from '../sessions/session-cache';
import { SessionResolver } from '../sessions/session-resolver';
import type { MembershipCache } from '../tenancy/membership-cache';
import { MembershipResolver } from '../tenancy/membership-resolver';
import { passwordConfirmationAnswer } from '../tenancy/password-confirmation.answer';
import { ApiPipeline } from './api-pipeline';
import { SharedAnswerCache } from '../caching/shared-answer-cache';
import { ChangeFeedSubscription, type ChangeFeedSubscriptionOptions } from '../change-feeds/change-feed-subscription';
import type { FeedKeptCache } from '../change-feeds/feed-kept-cache';

/**
 * The largest answer taken from a service. The API's answers are small JSON documents; an export
 * download is the largest, and still far below this.
 */
const MAX_UPSTREAM_ANSWER_BYTES = 16 * 1024 * 1024;

export type PipelineConfig = Pick<
  AppConfig,
  | 'PUBLIC_ORIGIN'
  | 'INTERNAL_ASSERTION_PRIVATE_KEY'
  | 'IDENTITY_URL'
  | 'PROFILE_URL'
  | 'CONSENT_URL'
  | 'NOTIFICATIONS_URL'
  | 'RETENTION_URL'
  | 'ORGANIZATIONS_URL'
  | 'CONTACTS_URL'
  | 'TRUST_PROXY'
  | 'BODY_LIMIT_BYTES'
  | 'RATE_LIMIT_PER_MINUTE'
  | 'RATE_LIMIT_SENSITIVE_PER_MINUTE'
  | 'UPSTREAM_TIMEOUT_MS'
  | 'UPSTREAM_CONNECTIONS'
  | 'STAFF_MFA_REQUIRED'
  | 'PUBLIC_ANSWER_CACHE_ENTRIES'
>;

/** identity's change feed, followed into the session cache (docs/performance.md: the session cache). */
export function createSessionChangeSubscription(config: PipelineConfig, logger: Logger, cache: SessionCache): ChangeFeedSubscription {
  return changeFeedSubscription(config, logger, cache, { service: 'identity', serviceUrl: config.IDENTITY_URL, path: SESSION_CHANGES_PATH, keeps: 'session lookups' });
}

/** organizations' change feed, followed into the membership cache (docs/gateway.md: tenant routes). */
export function createMembershipChangeSubscription(config: PipelineConfig, logger: Logger, cache: MembershipCache): ChangeFeedSubscription {
  return changeFeedSubscription(config, logger, cache, { service: 'organizations', serviceUrl: config.ORGANIZATIONS_URL, path: MEMBERSHIP_CHANGES_PATH, keeps: 'membership lookups' });
}

function changeFeedSubscription(
  config: PipelineConfig,
  logger: Logger,
  cache: FeedKeptCache<unknown>,
  feed: Omit<ChangeFeedSubscriptionOptions, 'silenceMs' | 'retryMs'>,
): ChangeFeedSubscription {
  const signer = new AssertionSigner(assertionPrivateKey(config.INTERNAL_ASSERTION_PRIVATE_KEY));
  return new ChangeFeedSubscription(cache, signer, logger, { ...feed, silenceMs: 3_000, retryMs: 1_000 });
}

export function createUpstreamPools(config: PipelineConfig): UpstreamPools {
  return new UpstreamPools(upstreamUrls(config), {
    connections: config.UPSTREAM_CONNECTIONS,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    maxResponseBytes: MAX_UPSTREAM_ANSWER_BYTES,
  });
}

/** Wires the API pipeline from the config: one place, shared by the app module and the tests. */
export function buildApiPipeline(
  config: PipelineConfig,
  logger: Logger,
  pools: UpstreamPools,
  routes: readonly RouteRow[] = ROUTE_TABLE,
  caches: { sessions?: SessionCache; memberships?: MembershipCache } = {},
): ApiPipeline {
  const forwarder = new Forwarder(pools, config.UPSTREAM_TIMEOUT_MS);
  const signer = new AssertionSigner(assertionPrivateKey(config.INTERNAL_ASSERTION_PRIVATE_KEY));
  const relayedProfileChanges = new RelayedProfileChanges();
  return new ApiPipeline({
    routes: new RouteMatcher(routes),
    forwarder,
    signer,
    sessions: new SessionResolver(forwarder, signer, caches.sessions),
    relayedProfileChanges,
    memberships: new MembershipResolver(forwarder, signer, caches.memberships),
    answers: {
      'create-session': new LoginAnswer(Date.now),
      'end-session': logoutAnswer,
      'compose-me': new MeAnswer(new MeComposer(forwarder, relayedProfileChanges)),
      'set-language': languagePreferenceAnswer,
      'confirm-password': passwordConfirmationAnswer,
    },
    publicAnswers: new SharedAnswerCache(config.PUBLIC_ANSWER_CACHE_ENTRIES),
    globalLimiter: new TokenBucketLimiter(config.RATE_LIMIT_PER_MINUTE),
    sensitiveLimiter: new TokenBucketLimiter(config.RATE_LIMIT_SENSITIVE_PER_MINUTE),
    logger,
    settings: {
      publicOrigin: serialisedOrigin(config.PUBLIC_ORIGIN),
      trustProxy: config.TRUST_PROXY,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      staffMfaRequired: config.STAFF_MFA_REQUIRED,
    },
  });
}
