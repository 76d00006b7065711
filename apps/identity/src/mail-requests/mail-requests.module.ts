import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { TokensModule } from '../tokens/tokens.module';
import { MailRequestProcessor } from './mail-request-processor.service';
import { MailRequestStoreModule } from './mail-request-store.module';
import { MailRequestTask } from './mail-request.task';

/** The worker behind sign-up, resend and reset: takes queued requests and does their work (docs/identity.md). */
@Module({
  imports: [AccountsModule, MailRequestStoreModule, TokensModule],
  providers: [MailRequestProcessor, MailRequestTask],
})
export class MailRequestsModule {}
