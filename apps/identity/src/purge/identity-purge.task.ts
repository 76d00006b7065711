import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { Periodic, SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { PasskeyService } from '../second-factor/passkeys/passkey.service';
import { SessionsService } from '../sessions/sessions.service';
import { ThrottleService } from '../throttling/throttle.service';
import { AccountTokensService } from '../tokens/account-tokens.service';

const HOUR_MS = 60 * 60 * 1000;
/** Ended sessions and dead tokens are kept a day (for "was that me?" questions), then deleted (R21). */
const KEEP_ENDED_MS = 24 * HOUR_MS;

/** Purges identity's short-lived data hourly (R21): sessions, tokens, throttle counters. */
@Injectable()
export class IdentityPurgeTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly sessions: SessionsService,
    private readonly tokens: AccountTokensService,
    private readonly throttle: ThrottleService,
    private readonly passkeys: PasskeyService,
  ) {}

  @Periodic({ name: 'identity purge', every: HOUR_MS })
  async purge(): Promise<{ sessions: number; tokens: number; counters: number; passkeyChallenges: number }> {
    const sessions = await this.sessions.purge(this.dataSource.manager, KEEP_ENDED_MS);
    const tokens = await this.tokens.purge(this.dataSource.manager, KEEP_ENDED_MS);
    const counters = await this.throttle.purge(Math.max(this.config.LOGIN_FAILURE_WINDOW_MS, HOUR_MS));
    const passkeyChallenges = await this.passkeys.purgeChallenges(this.dataSource.manager);
    this.logger.info({ sessions, tokens, counters, passkeyChallenges }, 'purged ended sessions, tokens, throttle counters and expired passkey challenges');
    return { sessions, tokens, counters, passkeyChallenges };
  }
}
