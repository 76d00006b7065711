import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { TokensModule } from '../tokens/tokens.module';
import { PasskeyController } from './passkeys/passkey.controller';
import { PasskeyRepository } from './passkeys/passkey.repository';
import { PasskeyService } from './passkeys/passkey.service';
import { SecondFactorChanges } from './second-factor-changes';
import { SecondFactorController } from './second-factor.controller';
import { SecondFactorService } from './second-factor.service';

/** Authenticator apps, passkeys and recovery codes; the repository lives with sessions, whose logins ask it. */
@Module({
  imports: [AccountsModule, SessionsModule, ThrottlingModule, TokensModule],
  controllers: [SecondFactorController, PasskeyController],
  providers: [SecondFactorService, SecondFactorChanges, PasskeyService, PasskeyRepository],
  exports: [SecondFactorService, PasskeyService],
})
export class SecondFactorModule {}
