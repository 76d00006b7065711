import { Module } from '@nestjs/common';
import { PolicyStoreModule } from '../policies/policy-store.module';
import { AccountEventsConsumer } from './account-events.consumer';
import { ConsentLedgerRepository } from './consent-ledger.repository';
import { ConsentLedgerService } from './consent-ledger.service';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';
import { PendingSignupRepository } from './pending-signup.repository';
import { SignupConsentService } from './signup-consent.service';

/** The consent ledger: a person's choices, the ones made at sign-up, and the account copies it needs. */
@Module({
  imports: [PolicyStoreModule],
  controllers: [ConsentsController, AccountEventsConsumer],
  providers: [ConsentLedgerRepository, PendingSignupRepository, ConsentLedgerService, SignupConsentService, ConsentsService],
  exports: [SignupConsentService, ConsentsService],
})
export class ConsentsModule {}
