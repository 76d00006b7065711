import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { PassportModule } from '@nestjs/passport';
import { CredentialsModule } from '../credentials/credentials.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { SecondFactorRepository } from '../second-factor/second-factor.repository';
import { LocalStrategy } from './local.strategy';
import { LoginService } from './login.service';
import { SessionChangeFeed } from './session-change-feed';
import { SessionRepository } from './session.repository';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Login (passport-local), sessions and their lookup; the password re-entry other features ask for. */
@Module({
  imports: [AccountsModule, PassportModule, CredentialsModule, ThrottlingModule],
  controllers: [SessionsController],
  providers: [SessionRepository, SessionsService, SessionChangeFeed, LoginService, LocalStrategy, SecondFactorRepository],
  exports: [SessionsService, LoginService, SecondFactorRepository],
})
export class SessionsModule {}
