import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { LastAdminGuard } from './last-admin-guard';
import { SecondFactorState } from './second-factor-state';
import { StaffAccountsController } from './staff-accounts.controller';
import { StaffAccountsService } from './staff-accounts.service';

/** Staff find accounts and admins set staff roles; never the last admin away. */
@Module({
  imports: [AccountsModule, SessionsModule],
  controllers: [StaffAccountsController],
  providers: [SecondFactorState, LastAdminGuard, StaffAccountsService],
  exports: [LastAdminGuard],
})
export class StaffAccountsModule {}
