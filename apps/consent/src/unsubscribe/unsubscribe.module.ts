import { Module } from '@nestjs/common';
import { UnsubscribeTokens } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { ConsentsModule } from '../consents/consents.module';
import { UnsubscribeController } from './unsubscribe.controller';

/** One-click unsubscribe (RFC 8058): an encrypted link from a marketing mail withdraws the consent. */
@Module({
  imports: [ConsentsModule],
  controllers: [UnsubscribeController],
  providers: [{ provide: UnsubscribeTokens, useFactory: (config: AppConfig) => new UnsubscribeTokens(config.UNSUBSCRIBE_TOKEN_KEY, config.UNSUBSCRIBE_TOKEN_PREVIOUS_KEYS), inject: [SERVICE_CONFIG] }],
})
export class UnsubscribeModule {}
