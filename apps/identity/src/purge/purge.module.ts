import { Module } from '@nestjs/common';
import { SecondFactorModule } from '../second-factor/second-factor.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { TokensModule } from '../tokens/tokens.module';
import { IdentityPurgeTask } from './identity-purge.task';

/** The hourly purge of identity's short-lived data (R21): ended sessions, dead tokens, throttle counters, passkey challenges. */
@Module({ imports: [SessionsModule, ThrottlingModule, TokensModule, SecondFactorModule], providers: [IdentityPurgeTask] })
export class PurgeModule {}
