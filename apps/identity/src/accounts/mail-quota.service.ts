import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ThrottleService } from '../throttling/throttle.service';
import { SERVICE_CONFIG } from '@sargs/platform/service';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Mails requested without a session (sign-up, resend, reset) are limited per recipient, so Sargs
 * cannot be used to flood an inbox (docs/api.md). Over the quota the request still answers 202.
 */
@Injectable()
export class MailQuotaService {
  constructor(
    private readonly throttle: ThrottleService,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  allow(manager: EntityManager, email: string): Promise<boolean> {
    return this.throttle.consume(manager, 'mail-recipient', this.throttle.key('mail-recipient', email), this.config.MAILS_PER_ADDRESS_PER_HOUR, HOUR_MS);
  }
}
