import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { ChangeFeed } from '@sargs/platform/service';

/**
 * The membership and organisation triggers' notifications (migration 1797200000000), each an
 * organisation id, relayed to every connected gateway, which reuses membership lookups only
 * while it hears them.
 */
@Injectable()
export class MembershipChangeFeed extends ChangeFeed {
  constructor(dataSource: DataSource, @Inject(APP_LOGGER) logger: Logger) {
    super(dataSource, logger, { channel: 'sargs_membership_change', keeps: 'membership lookups' });
  }
}
