import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { PoliciesModule } from '../policies/policies.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { TokensModule } from '../tokens/tokens.module';
import { AccountRepository } from './account.repository';
import { AccountsController } from './accounts.controller';
import { MailQuotaService } from './mail-quota.service';
import { RegistrationService } from './registration.service';

/** Sign-up and address verification; the account table's one repository, and the per-address mail quota every mailing feature keeps to. */
@Module({
  imports: [CredentialsModule, PoliciesModule, ThrottlingModule, TokensModule],
  controllers: [AccountsController],
  providers: [AccountRepository, MailQuotaService, RegistrationService],
  exports: [AccountRepository, MailQuotaService],
})
export class AccountsModule {}
