import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { MailRequestStoreModule } from '../mail-requests/mail-request-store.module';
import { PoliciesModule } from '../policies/policies.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { TokensModule } from '../tokens/tokens.module';
import { AccountLedger } from './account-ledger';
import { AccountRepository } from './account.repository';
import { AccountsController } from './accounts.controller';
import { MailQuotaService } from './mail-quota.service';
import { RegistrationService } from './registration.service';

/**
 * Sign-up and address verification; the account table's one repository, the ledger of closures and
 * credential changes, and the per-address mail quota every mailing feature keeps to.
 */
@Module({
  imports: [CredentialsModule, MailRequestStoreModule, PoliciesModule, ThrottlingModule, TokensModule],
  controllers: [AccountsController],
  providers: [AccountRepository, AccountLedger, MailQuotaService, RegistrationService],
  exports: [AccountRepository, AccountLedger, MailQuotaService],
})
export class AccountsModule {}
