import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { PolicySeeder } from './policy-seeder';
import { PolicyStoreModule } from './policy-store.module';

/** Privacy policy versions: published by staff, read by anyone, the first seeded at boot. */
@Module({
  imports: [ConsentsModule, PolicyStoreModule],
  controllers: [PoliciesController],
  providers: [PoliciesService, PolicySeeder],
})
export class PoliciesModule {}
