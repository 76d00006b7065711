import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { TokensModule } from '../tokens/tokens.module';
import { SecondFactorController } from './second-factor.controller';
import { SecondFactorService } from './second-factor.service';

/** Authenticator apps and recovery codes; the repository lives with sessions, whose logins ask it. */
@Module({
  imports: [AccountsModule, SessionsModule, ThrottlingModule, TokensModule],
  controllers: [SecondFactorController],
  providers: [SecondFactorService],
  exports: [SecondFactorService],
})
export class SecondFactorModule {}
