import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { APP_LOGGER, READINESS_CHECKS, type Logger } from '@sargs/platform/observability';
import { ProblemDetailsFilter } from '@sargs/platform/service/http';
import { WebModule } from '@sargs/web';
import type { AppConfig } from './config/app-config';
import { GATEWAY_CONFIG } from './config/gateway-config.token';
import { GatewayExceptionFilter } from './edge/gateway-exception.filter';
import { HttpsRedirectServer } from './edge/https-redirect.server';
import { ApiPipeline } from './pipeline/api-pipeline';
import { buildApiPipeline, createMembershipChangeSubscription, createSessionChangeSubscription, createUpstreamPools } from './pipeline/build-pipeline';
import { UpstreamPools } from './proxy/upstream-pools';
import { SessionCache } from './sessions/session-cache';
import { MembershipCache } from './tenancy/membership-cache';
import { InProcessWebGateway } from './web/in-process-web-gateway';

const SESSION_CHANGES = Symbol('identity change feed subscription');
const MEMBERSHIP_CHANGES = Symbol('organizations change feed subscription');

/** The config, the logger and the API pipeline: global, so the web pages' module can reach them. */
@Module({})
class GatewayCoreModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayCoreModule,
      global: true,
      providers: [
        { provide: APP_LOGGER, useValue: logger },
        { provide: GATEWAY_CONFIG, useValue: config },
        // Closed on shutdown (onApplicationShutdown), so keep-alive sockets do not hold the exit.
        { provide: UpstreamPools, useFactory: () => createUpstreamPools(config) },
        { provide: SessionCache, useFactory: () => new SessionCache(config.SESSION_CACHE_ENTRIES) },
        { provide: MembershipCache, useFactory: () => new MembershipCache(config.MEMBERSHIP_CACHE_ENTRIES) },
        // Each follows its service's change feed from bootstrap to shutdown; a cache is used only while its feed is connected.
        { provide: SESSION_CHANGES, useFactory: (cache: SessionCache) => createSessionChangeSubscription(config, logger, cache), inject: [SessionCache] },
        { provide: MEMBERSHIP_CHANGES, useFactory: (cache: MembershipCache) => createMembershipChangeSubscription(config, logger, cache), inject: [MembershipCache] },
        {
          provide: ApiPipeline,
          useFactory: (pools: UpstreamPools, sessions: SessionCache, memberships: MembershipCache) => buildApiPipeline(config, logger, pools, undefined, { sessions, memberships }),
          inject: [UpstreamPools, SessionCache, MembershipCache],
        },
      ],
      exports: [APP_LOGGER, GATEWAY_CONFIG, UpstreamPools, ApiPipeline],
    };
  }
}

@Module({})
export class GatewayAppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        GatewayCoreModule.register(config, logger),
        // The privacy centre and staff console, calling the API through the same pipeline.
        WebModule.register({
          gateway: { useFactory: (pipeline: ApiPipeline) => new InProcessWebGateway(pipeline, config.PUBLIC_ORIGIN, config.STAFF_MFA_REQUIRED), inject: [ApiPipeline] },
        }),
      ],
      providers: [
        HttpsRedirectServer,
        // The gateway holds no state; it is ready when it serves. Upstream outages are answered
        // per request (502/503/504), not by taking the whole edge out of rotation.
        { provide: READINESS_CHECKS, useValue: [] },
        ProblemDetailsFilter,
        { provide: APP_FILTER, useClass: GatewayExceptionFilter },
      ],
    };
  }
}
