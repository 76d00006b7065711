import { Module } from '@nestjs/common';
import { SecretSealer, UnsubscribeTokens } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { DeliveryLogPurgeTask } from './delivery-log-purge.task';
import { MailClaims } from './mail-claims';
import { MailComposer } from './mail-composer';
import { MailQueue } from './mail-queue.service';
import { MailSender } from './mail-sender';
import { SmtpRelay } from './smtp-relay';

/** The outgoing mail: the queue, composing (tokens unsealed only here), sending over SMTP, and the delivery log. */
@Module({
  providers: [
    { provide: SecretSealer, useFactory: (config: AppConfig) => new SecretSealer(config.SECRET_SEALING_KEY), inject: [SERVICE_CONFIG] },
    { provide: UnsubscribeTokens, useFactory: (config: AppConfig) => new UnsubscribeTokens(config.UNSUBSCRIBE_TOKEN_KEY), inject: [SERVICE_CONFIG] },
    MailQueue,
    SmtpRelay,
    MailComposer,
    MailClaims,
    MailSender,
    DeliveryLogPurgeTask,
  ],
  exports: [MailQueue, MailSender],
})
export class OutgoingModule {}
