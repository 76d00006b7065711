import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ExportSectionReady, OrganizationDeletionRequested, type EventFrom, type OneOf } from '@sargs/contracts';
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

  /** A deleted organisation's exports (its whole data) go at once, with the tenant case opening. */
  @EventPattern(OrganizationDeletionRequested)
  onOrganizationDeletionRequested(@Payload() event: EventFrom<typeof OrganizationDeletionRequested>, @Ctx() context: EventContext): Promise<void> {
    return this.exports.forgetOrganisation(context.getManager(), event.payload.orgId);
  }
}
