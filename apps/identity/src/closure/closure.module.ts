import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { StaffAccountsModule } from '../staff-accounts/staff-accounts.module';
import { TokensModule } from '../tokens/tokens.module';
import { ClosureController } from './closure.controller';
import { ClosureService } from './closure.service';

/** Closing an account, by its owner or by staff: the start of its erasure (R13). */
@Module({
  imports: [AccountsModule, SessionsModule, StaffAccountsModule, TokensModule],
  controllers: [ClosureController],
  providers: [ClosureService],
})
export class ClosureModule {}
