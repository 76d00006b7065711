import { Module } from '@nestjs/common';
import { OrganizationMailModule } from '../organization-mail/organization-mail.module';
import { OutgoingModule } from '../outgoing/outgoing.module';
import { BroadcastStoreModule } from './broadcast-store.module';
import { BroadcastFanout } from './broadcast-fanout';
import { BroadcastsController } from './broadcasts.controller';
import { BroadcastsService } from './broadcasts.service';
import { PolicyNoticeConsumer } from './policy-notice.consumer';

/** Staff broadcasts (incidents, campaigns) and the policy-change notice, fanned out to their audiences. */
@Module({
  imports: [OutgoingModule, BroadcastStoreModule, OrganizationMailModule],
  controllers: [BroadcastsController, PolicyNoticeConsumer],
  providers: [BroadcastFanout, BroadcastsService],
})
export class BroadcastsModule {}
