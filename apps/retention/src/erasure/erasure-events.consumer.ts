import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AccountClosureRequested, ErasureCompleted, OrganizationDeletionRequested, type EventFrom, type OneOf } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { ErasureCasesService } from './erasure-cases.service';

/** Closures and organisations' deletions open cases; participants' answers complete them. */
@Controller()
export class ErasureEventsConsumer {
  constructor(private readonly cases: ErasureCasesService) {}

  @EventPattern(AccountClosureRequested)
  onClosureRequested(@Payload() event: EventFrom<typeof AccountClosureRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.cases.open(context.getManager(), event.payload);
  }

  /** An owner deleted an organisation: its tenant case (docs/tenancy.md). */
  @EventPattern(OrganizationDeletionRequested)
  onOrganizationDeletionRequested(@Payload() event: EventFrom<typeof OrganizationDeletionRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.cases.openTenant(context.getManager(), event.payload);
  }

  /** Answers arrive after retention has erased the subject itself, so they must pass the erased-ids check. */
  @EventPattern(Object.values(ErasureCompleted), { acceptErasedSubjects: true })
  onErasureCompleted(@Payload() event: EventFrom<OneOf<typeof ErasureCompleted>>, @Ctx() context: EventContext): Promise<void> {
    return this.cases.recordAnswer(context.getManager(), event.payload);
  }
}
