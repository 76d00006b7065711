import { Module } from '@nestjs/common';
import { DpaStoreModule } from '../dpa/dpa-store.module';
import { MembershipStoreModule } from '../memberships/membership-store.module';
import { OrganizationStoreModule } from './organization-store.module';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { StaffOrganizationsController } from './staff-organizations.controller';

/** Organisations and their company details (R3): created, read, changed, verified by staff, deleted. */
@Module({
  imports: [OrganizationStoreModule, MembershipStoreModule, DpaStoreModule],
  controllers: [OrganizationsController, StaffOrganizationsController],
  providers: [OrganizationsService],
})
export class OrganizationsModule {}
