import { Module } from '@nestjs/common';
import { OrganizationRepository } from './organization.repository';

/** The organization table, for every feature that reads or locks an organisation (members, invitations, the DPA). */
@Module({
  providers: [OrganizationRepository],
  exports: [OrganizationRepository],
})
export class OrganizationStoreModule {}
