import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErasureRequested, ExportRequested, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { PrivacyParticipantService } from './privacy-participant.service';

@Controller()
export class PrivacyParticipantConsumer {
  constructor(private readonly participant: PrivacyParticipantService) {}

  /** Runs for already-erased subjects too: a replay after a restore must erase again (R14). */
  @EventPattern(ErasureRequested, { acceptErasedSubjects: true })
  onErasureRequested(@Payload() event: EventFrom<typeof ErasureRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.participant.erase(context.getManager(), event.payload);
  }

  @EventPattern(ExportRequested)
  onExportRequested(@Payload() event: EventFrom<typeof ExportRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.participant.export(context.getManager(), event.payload);
  }
}
