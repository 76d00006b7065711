import { Module } from '@nestjs/common';
import { SecretSealer, UnsubscribeTokens } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import { BroadcastStoreModule } from '../broadcasts/broadcast-store.module';
import type { AppConfig } from '../config/app-config';
import { DeliveryLogPurgeTask } from './delivery-log-purge.task';
import { MailComposer } from './mail-composer';
import { MailSender } from './mail-sender';
import { OutgoingMailRepository } from './outgoing-mail.repository';
import { SmtpRelay } from './smtp-relay';

/** The outgoing mail: the queue, composing (tokens unsealed only here), sending over SMTP, and the delivery log. */
@Module({
  imports: [BroadcastStoreModule],
  providers: [
    { provide: SecretSealer, useFactory: (config: AppConfig) => new SecretSealer(config.SECRET_SEALING_KEY, config.SECRET_SEALING_PREVIOUS_KEYS), inject: [SERVICE_CONFIG] },
    { provide: UnsubscribeTokens, useFactory: (config: AppConfig) => new UnsubscribeTokens(config.UNSUBSCRIBE_TOKEN_KEY), inject: [SERVICE_CONFIG] },
    OutgoingMailRepository,
    SmtpRelay,
    MailComposer,
    MailSender,
    DeliveryLogPurgeTask,
  ],
  exports: [OutgoingMailRepository, MailSender],
})
export class OutgoingModule {}
