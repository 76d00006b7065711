import { Injectable } from '@nestjs/common';
import { Periodic } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { MailRequestProcessor } from './mail-request-processor.service';

/**
 * Empties the mail request queue every MAIL_REQUEST_INTERVAL_MS (and at start: requests left by a
 * stopped instance). Polled rather than woken by each request, so a request's work does not
 * follow its answer at once, where the next answer's timing could show it.
 */
@Injectable()
export class MailRequestTask {
  constructor(private readonly processor: MailRequestProcessor) {}

  @Periodic<AppConfig>({ name: 'mail requests', every: (config) => config.MAIL_REQUEST_INTERVAL_MS, runAtStart: true })
  drain(): Promise<number> {
    return this.processor.drain();
  }
}
