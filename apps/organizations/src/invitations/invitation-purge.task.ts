import { Inject, Injectable } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { Periodic } from '@sargs/platform/service';
import { InvitationsService } from './invitations.service';

const HOUR_MS = 60 * 60 * 1000;

/** Expired invitations hold an address nobody acted on: deleted a while after they stopped working. */
@Injectable()
export class InvitationPurgeTask {
  constructor(
    private readonly invitations: InvitationsService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @Periodic({ name: 'invitation purge', every: HOUR_MS })
  async run(): Promise<void> {
    const deleted = await this.invitations.purgeExpired();
    if (deleted > 0) this.logger.info({ deleted }, 'purged expired invitations');
  }
}
