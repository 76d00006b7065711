import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TenantErasureRequested, TenantExportRequested, TenantSubjectRequested, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { TenantParticipantService } from './tenant-participant.service';

/** Mounted in every service whose registry entry says it holds tenant data. */
@Controller()
export class TenantParticipantConsumer {
  constructor(private readonly participant: TenantParticipantService) {}

  /** Runs for an already-erased organisation too: a replay after a restore must delete again. */
  @EventPattern(TenantErasureRequested, { acceptErasedSubjects: true })
  onTenantErasureRequested(@Payload() event: EventFrom<typeof TenantErasureRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.participant.erase(context.getManager(), event.payload);
  }

  @EventPattern(TenantExportRequested)
  onTenantExportRequested(@Payload() event: EventFrom<typeof TenantExportRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.participant.export(context.getManager(), event.payload);
  }

  @EventPattern(TenantSubjectRequested)
  onTenantSubjectRequested(@Payload() event: EventFrom<typeof TenantSubjectRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.participant.answerSubject(context.getManager(), event.payload);
  }
}
