import { Module } from '@nestjs/common';
import { SecretSealer } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { MembershipStoreModule } from '../memberships/membership-store.module';
import { OrganizationStoreModule } from '../organizations/organization-store.module';
import { InvitationPurgeTask } from './invitation-purge.task';
import { InvitationRepository } from './invitation.repository';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';

/** Invitations by e-mail: issued by owners and admins, accepted by the invited address, purged a while after they expire. */
@Module({
  imports: [OrganizationStoreModule, MembershipStoreModule],
  controllers: [InvitationsController],
  providers: [
    { provide: SecretSealer, useFactory: (config: AppConfig) => new SecretSealer(config.SECRET_SEALING_KEY), inject: [SERVICE_CONFIG] },
    InvitationRepository,
    InvitationsService,
    InvitationPurgeTask,
  ],
})
export class InvitationsModule {}
