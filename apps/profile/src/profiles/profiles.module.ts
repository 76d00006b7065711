import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEventsConsumer } from './account-events.consumer';
import { ProfileController } from './profile.controller';
import { Profile } from './profile.entity';
import { ProfileRepository } from './profile.repository';
import { ProfilesService } from './profiles.service';

/** Each account's name, address (a projection of identity's) and language. */
@Module({
  imports: [TypeOrmModule.forFeature([Profile])],
  controllers: [ProfileController, AccountEventsConsumer],
  providers: [ProfileRepository, ProfilesService],
})
export class ProfilesModule {}
