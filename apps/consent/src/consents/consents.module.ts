import { Module } from '@nestjs/common';
import { AccountEventsConsumer } from './account-events.consumer';
import { ConsentLedgerService } from './consent-ledger.service';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';
import { SignupConsentService } from './signup-consent.service';

/** The consent ledger: a person's choices, the ones made at sign-up, and the account copies it needs. */
@Module({
  controllers: [ConsentsController],
  providers: [ConsentLedgerService, SignupConsentService, ConsentsService, AccountEventsConsumer],
  exports: [SignupConsentService, ConsentsService],
})
export class ConsentsModule {}
