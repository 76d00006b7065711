import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ExportSectionReady, type EventFrom, type OneOf } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { ExportsService } from './exports.service';

/** The privacy participants' answers to ExportRequested (retention's own included). */
@Controller()
export class ExportSectionsConsumer {
  constructor(private readonly exports: ExportsService) {}

  @EventPattern(Object.values(ExportSectionReady))
  onSectionReady(@Payload() event: EventFrom<OneOf<typeof ExportSectionReady>>, @Ctx() context: EventContext): Promise<void> {
    return this.exports.sectionReady(context.getManager(), event.payload);
  }
}
