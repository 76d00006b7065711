import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { PoliciesModule } from '../policies/policies.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { TokensModule } from '../tokens/tokens.module';
import { AccountsController } from './accounts.controller';
import { MailQuotaService } from './mail-quota.service';
import { RegistrationService } from './registration.service';

/** Sign-up and address verification, and the per-address mail quota every mailing feature keeps to. */
@Module({
  imports: [CredentialsModule, PoliciesModule, ThrottlingModule, TokensModule],
  controllers: [AccountsController],
  providers: [MailQuotaService, RegistrationService],
  exports: [MailQuotaService],
})
export class AccountsModule {}
