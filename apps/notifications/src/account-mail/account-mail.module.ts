import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { OutgoingModule } from '../outgoing/outgoing.module';
import { AccountMailConsumer } from './account-mail.consumer';
import { AccountMailService } from './account-mail.service';

/** The mails an account's own events call for: verification, reset, e-mail change, security notices. */
@Module({
  imports: [OutgoingModule, DirectoryModule],
  controllers: [AccountMailConsumer],
  providers: [AccountMailService],
})
export class AccountMailModule {}
