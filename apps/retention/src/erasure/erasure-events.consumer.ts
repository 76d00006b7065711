import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountClosureRequested, ErasureCompleted, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { ErasureCasesService } from './erasure-cases.service';

/** Closures open cases; participants' answers complete them. */
@Injectable()
export class ErasureEventsConsumer {
  constructor(private readonly cases: ErasureCasesService) {}

  @EventHandler(AccountClosureRequested)
  onClosureRequested(event: EventFrom<typeof AccountClosureRequested>, manager: EntityManager): Promise<void> {
    return this.cases.open(manager, event.payload);
  }

  /** Answers arrive after retention has erased the subject itself, so they must pass the erased-ids check. */
  @EventHandler(ErasureCompleted, { acceptErasedSubjects: true })
  onErasureCompleted(event: EventFrom<typeof ErasureCompleted>, manager: EntityManager): Promise<void> {
    return this.cases.recordAnswer(manager, event.payload);
  }
}
