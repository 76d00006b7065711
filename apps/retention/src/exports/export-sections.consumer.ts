import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ExportSectionReady, TenantErasureRequested, type EventFrom, type OneOf } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { ExportsService } from './exports.service';

/** The participants' answers to ExportRequested (retention's own included) and TenantExportRequested. */
@Controller()
export class ExportSectionsConsumer {
  constructor(private readonly exports: ExportsService) {}

  @EventPattern(Object.values(ExportSectionReady))
  onSectionReady(@Payload() event: EventFrom<OneOf<typeof ExportSectionReady>>, @Ctx() context: EventContext): Promise<void> {
    return this.exports.sectionReady(context.getManager(), event.payload);
  }

  /**
   * A deleted organisation's exports (its whole data) go with its tenant case's request, which
   * retention itself published: a replay of the erasure ledger after a restore removes them again.
   */
  @EventPattern(TenantErasureRequested, { acceptErasedSubjects: true })
  onTenantErasureRequested(@Payload() event: EventFrom<typeof TenantErasureRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.exports.forgetOrganisation(context.getManager(), event.payload.orgId);
  }
}
