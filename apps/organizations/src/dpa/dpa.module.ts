import { Module } from '@nestjs/common';
import { OrganizationStoreModule } from '../organizations/organization-store.module';
import { DpaController } from './dpa.controller';
import { DpaSeeder } from './dpa-seeder';
import { DpaService } from './dpa.service';
import { DpaStoreModule } from './dpa-store.module';

/** The data processing agreement: published by staff (the first seeded at boot), read by anyone, accepted by owners. */
@Module({
  imports: [DpaStoreModule, OrganizationStoreModule],
  controllers: [DpaController],
  providers: [DpaService, DpaSeeder],
})
export class DpaModule {}
