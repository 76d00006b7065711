import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TenantErasureRequested, TenantSubjectAnswered, type EventFrom, type OneOf } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { DataSubjectRequestsService } from './data-subject-requests.service';

/** The tenant services' answers to TenantSubjectRequested; an organisation's erasure takes its requests with it. */
@Controller()
export class DataSubjectRequestsConsumer {
  constructor(private readonly requests: DataSubjectRequestsService) {}

  @EventPattern(Object.values(TenantSubjectAnswered))
  onAnswered(@Payload() event: EventFrom<OneOf<typeof TenantSubjectAnswered>>, @Ctx() context: EventContext): Promise<void> {
    return this.requests.answer(context.getManager(), event.payload);
  }

  /** Retention's own tenant case request (privacy.erasure.v1): replayed after a restore, it removes them again. */
  @EventPattern(TenantErasureRequested, { acceptErasedSubjects: true })
  onTenantErasureRequested(@Payload() event: EventFrom<typeof TenantErasureRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.requests.forgetOrganisation(context.getManager(), event.payload.orgId);
  }
}
