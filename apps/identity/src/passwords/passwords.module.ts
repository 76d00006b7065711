import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { MailRequestStoreModule } from '../mail-requests/mail-request-store.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { TokensModule } from '../tokens/tokens.module';
import { PasswordChangeService } from './password-change.service';
import { PasswordsController } from './passwords.controller';

/** Changing my password, and resetting a forgotten one by mail. */
@Module({
  imports: [AccountsModule, CredentialsModule, MailRequestStoreModule, SessionsModule, ThrottlingModule, TokensModule],
  controllers: [PasswordsController],
  providers: [PasswordChangeService],
})
export class PasswordsModule {}
