import { Module } from '@nestjs/common';
import { SecretSealer, UnsubscribeTokens } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import { AccountMailConsumer } from './account-mail/account-mail.consumer';
import { AccountMailService } from './account-mail/account-mail.service';
import { BroadcastFanout } from './broadcasts/broadcast-fanout';
import { BroadcastsController } from './broadcasts/broadcasts.controller';
import { BroadcastsService } from './broadcasts/broadcasts.service';
import { PolicyNoticeConsumer } from './broadcasts/policy-notice.consumer';
import type { AppConfig } from './config/app-config';
import { DirectoryEventsConsumer } from './directory/directory-events.consumer';
import { RecipientDirectoryService } from './directory/recipient-directory.service';
import { DeliveryLogPurgeTask } from './outgoing/delivery-log-purge.task';
import { MailClaims } from './outgoing/mail-claims';
import { MailComposer } from './outgoing/mail-composer';
import { MailQueue } from './outgoing/mail-queue.service';
import { MailSender } from './outgoing/mail-sender';
import { SmtpRelay } from './outgoing/smtp-relay';

/** Every mail Sargs sends (R16-R19, R25): directory, queue, sender, broadcasts. */
@Module({
  controllers: [BroadcastsController],
  providers: [
    { provide: SecretSealer, useFactory: (config: AppConfig) => new SecretSealer(config.SECRET_SEALING_KEY), inject: [SERVICE_CONFIG] },
    { provide: UnsubscribeTokens, useFactory: (config: AppConfig) => new UnsubscribeTokens(config.UNSUBSCRIBE_TOKEN_KEY), inject: [SERVICE_CONFIG] },
    MailQueue,
    RecipientDirectoryService,
    DirectoryEventsConsumer,
    AccountMailService,
    AccountMailConsumer,
    SmtpRelay,
    MailComposer,
    MailClaims,
    MailSender,
    BroadcastFanout,
    BroadcastsService,
    PolicyNoticeConsumer,
    DeliveryLogPurgeTask,
  ],
})
export class NotificationsModule {}
