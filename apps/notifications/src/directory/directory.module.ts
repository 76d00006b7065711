import { Module } from '@nestjs/common';
import { OutgoingModule } from '../outgoing/outgoing.module';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { RecipientRepository } from './recipient.repository';

/** Who can be mailed, in which language, with which consents: kept from other services' events. */
@Module({
  imports: [OutgoingModule],
  controllers: [DirectoryEventsConsumer],
  providers: [RecipientRepository],
  exports: [RecipientRepository],
})
export class DirectoryModule {}
