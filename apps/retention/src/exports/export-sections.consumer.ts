import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ExportSectionReady, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { ExportsService } from './exports.service';

/** The privacy participants' answers to ExportRequested (retention's own included). */
@Injectable()
export class ExportSectionsConsumer {
  constructor(private readonly exports: ExportsService) {}

  @EventHandler(ExportSectionReady)
  onSectionReady(event: EventFrom<typeof ExportSectionReady>, manager: EntityManager): Promise<void> {
    return this.exports.sectionReady(manager, event.payload);
  }
}
