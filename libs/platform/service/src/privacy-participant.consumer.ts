import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErasureRequested, ExportRequested, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { PrivacyParticipantService } from './privacy-participant.service';

@Injectable()
export class PrivacyParticipantConsumer {
  constructor(private readonly participant: PrivacyParticipantService) {}

  /** Runs for already-erased subjects too: a replay after a restore must erase again (R14). */
  @EventHandler(ErasureRequested, { acceptErasedSubjects: true })
  onErasureRequested(event: EventFrom<typeof ErasureRequested>, manager: EntityManager): Promise<void> {
    return this.participant.erase(manager, event.payload);
  }

  @EventHandler(ExportRequested)
  onExportRequested(event: EventFrom<typeof ExportRequested>, manager: EntityManager): Promise<void> {
    return this.participant.export(manager, event.payload);
  }
}
