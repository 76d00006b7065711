import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { EmailChangeController } from './email-change.controller';
import { EmailChangeService } from './email-change.service';

/** Changing my address, confirmed from the new one (R10). */
@Module({
  imports: [AccountsModule, SessionsModule, TokensModule],
  controllers: [EmailChangeController],
  providers: [EmailChangeService],
})
export class EmailChangeModule {}
