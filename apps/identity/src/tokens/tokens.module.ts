import { Module } from '@nestjs/common';
import { SecretSealer } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { AccountTokenRepository } from './account-token.repository';
import { AccountTokensService } from './account-tokens.service';

/** Mailed one-time tokens (verification, reset, e-mail change), stored hashed and sent sealed. */
@Module({
  providers: [{ provide: SecretSealer, useFactory: (config: AppConfig) => new SecretSealer(config.SECRET_SEALING_KEY), inject: [SERVICE_CONFIG] }, AccountTokenRepository, AccountTokensService],
  exports: [AccountTokensService, SecretSealer],
})
export class TokensModule {}
