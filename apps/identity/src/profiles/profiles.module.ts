import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountCopiesService } from './account-copies.service';
import { ProfileEventsConsumer } from './profile-events.consumer';

/** Identity's copies of what profile owns (name, language), kept from profile's events. */
@Module({ imports: [AccountsModule], controllers: [ProfileEventsConsumer], providers: [AccountCopiesService] })
export class ProfilesModule {}
