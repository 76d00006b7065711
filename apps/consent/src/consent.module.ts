import { Module, type DynamicModule } from '@nestjs/common';
import { UnsubscribeTokens } from '@sargs/platform/secrets';
import type { AppConfig } from './config/app-config';
import { CONSENT_CONFIG } from './config/consent-config.token';
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
@Module({})
export class ConsentModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ConsentModule,
      controllers: [PoliciesController, ConsentsController, UnsubscribeController],
      providers: [
        { provide: CONSENT_CONFIG, useValue: config },
        { provide: UnsubscribeTokens, useValue: new UnsubscribeTokens(config.UNSUBSCRIBE_TOKEN_KEY) },
        ConsentLedgerService,
        SignupConsentService,
        ConsentsService,
        PoliciesService,
        PolicySeeder,
        AccountEventsConsumer,
      ],
    };
  }
}
