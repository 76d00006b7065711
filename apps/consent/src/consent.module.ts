import { Module } from '@nestjs/common';
import { UnsubscribeTokens } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from './config/app-config';
import { AccountEventsConsumer } from './consents/account-events.consumer';
import { ConsentLedgerService } from './consents/consent-ledger.service';
import { ConsentsController } from './consents/consents.controller';
import { ConsentsService } from './consents/consents.service';
import { SignupConsentService } from './consents/signup-consent.service';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { PolicySeeder } from './policies/policy-seeder';
import { UnsubscribeController } from './unsubscribe/unsubscribe.controller';

/** Policy versions, the consent ledger and one-click unsubscribe (docs/api.md "Policy and consent"). */
@Module({
  controllers: [PoliciesController, ConsentsController, UnsubscribeController],
  providers: [
    { provide: UnsubscribeTokens, useFactory: (config: AppConfig) => new UnsubscribeTokens(config.UNSUBSCRIBE_TOKEN_KEY), inject: [SERVICE_CONFIG] },
    ConsentLedgerService,
    SignupConsentService,
    ConsentsService,
    PoliciesService,
    PolicySeeder,
    AccountEventsConsumer,
  ],
})
export class ConsentModule {}
