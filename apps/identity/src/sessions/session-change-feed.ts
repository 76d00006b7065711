import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { ChangeFeed } from '@sargs/platform/service';

/**
 * The session and account triggers' notifications (migration 1764350000000), each an account id,
 * relayed to every connected gateway, which reuses session lookups only while it hears them.
 */
@Injectable()
export class SessionChangeFeed extends ChangeFeed {
  constructor(dataSource: DataSource, @Inject(APP_LOGGER) logger: Logger) {
    super(dataSource, logger, { channel: 'sargs_session_change', keeps: 'session lookups' });
  }
}
