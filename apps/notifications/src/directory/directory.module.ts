import { Module } from '@nestjs/common';
import { OutgoingModule } from '../outgoing/outgoing.module';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { RecipientDirectoryService } from './recipient-directory.service';

/** Who can be mailed, in which language, with which consents: kept from other services' events. */
@Module({
  imports: [OutgoingModule],
  providers: [RecipientDirectoryService, DirectoryEventsConsumer],
})
export class DirectoryModule {}
