import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { OrganizationInvitationIssued, OrganizationMembershipChanged, SubprocessorChangeAnnounced, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { OrganizationMailService } from './organization-mail.service';

/** organizations.organization.v1: invitations, who manages each organisation, sub-processor changes. */
@Controller()
export class OrganizationMailConsumer {
  constructor(private readonly mail: OrganizationMailService) {}

  @EventPattern(OrganizationInvitationIssued)
  onInvitationIssued(@Payload() event: EventFrom<typeof OrganizationInvitationIssued>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.invitation(context.getManager(), event);
  }

  @EventPattern(OrganizationMembershipChanged)
  onMembershipChanged(@Payload() event: EventFrom<typeof OrganizationMembershipChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.membershipChanged(context.getManager(), event);
  }

  @EventPattern(SubprocessorChangeAnnounced)
  onSubprocessorChangeAnnounced(@Payload() event: EventFrom<typeof SubprocessorChangeAnnounced>, @Ctx() context: EventContext): Promise<void> {
    return this.mail.subprocessorChange(context.getManager(), event);
  }
}
