import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { APP_LOGGER, READINESS_CHECKS, type Logger } from '@sargs/platform/observability';
import { HealthController, ProblemDetailsFilter } from '@sargs/platform/service';
import type { AppConfig } from './config/app-config';
import { GATEWAY_CONFIG } from './config/gateway-config.token';
import { HttpsRedirectServer } from './edge/https-redirect.server';
import { ApiPipeline } from './pipeline/api-pipeline';
import { buildApiPipeline, createUpstreamPools } from './pipeline/build-pipeline';
import { UpstreamPools } from './proxy/upstream-pools';

@Module({})
export class GatewayAppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayAppModule,
      controllers: [HealthController],
      providers: [
        { provide: APP_LOGGER, useValue: logger },
        { provide: GATEWAY_CONFIG, useValue: config },
        HttpsRedirectServer,
        // Closed on shutdown (onApplicationShutdown), so keep-alive sockets do not hold the exit.
        { provide: UpstreamPools, useFactory: () => createUpstreamPools(config) },
        { provide: ApiPipeline, useFactory: (pools: UpstreamPools) => buildApiPipeline(config, logger, pools), inject: [UpstreamPools] },
        // The gateway holds no state; it is ready when it serves. Upstream outages are answered
        // per request (502/503/504), not by taking the whole edge out of rotation.
        { provide: READINESS_CHECKS, useValue: [] },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
