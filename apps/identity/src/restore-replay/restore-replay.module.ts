import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { LedgerEventsConsumer } from './ledger-events.consumer';
import { LedgerReplayService } from './ledger-replay.service';
import { ReplayBarrier } from './replay-barrier';
import { ReplayBarrierGuard } from './replay-barrier.guard';
import { ReplayBarrierTask } from './replay-barrier.task';
import { RestoreReplayRepository } from './restore-replay.repository';

/**
 * After a restore: identity replays its ledger of closures and credential changes
 * (identity.ledger.v1) and answers nothing until it has caught up (docs/identity.md, "After a restore").
 */
@Module({
  imports: [AccountsModule, SessionsModule, TokensModule],
  controllers: [LedgerEventsConsumer],
  providers: [LedgerReplayService, RestoreReplayRepository, ReplayBarrier, ReplayBarrierTask, { provide: APP_GUARD, useClass: ReplayBarrierGuard }],
})
export class RestoreReplayModule {}
