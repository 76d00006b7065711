import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErasureCompleted, ExportSectionReady, type ErasureRequested, type EventFrom, type ExportRequested, type ServiceName } from '@sargs/contracts';
import { scopeToAccount } from '@sargs/platform/database';
import { EventPublisher, OutboxMessage } from '@sargs/platform/messaging';
import { eraseSubject, exportSubject, type EntityClass } from '@sargs/platform/privacy';

export interface PrivacyParticipantOptions {
  /** It answers on this service's own topics, in its name. */
  service: ServiceName;
  /** The app's own entities; their @PersonalData declarations drive erasure and export. */
  entities: readonly EntityClass[];
  pseudonymKey: Buffer;
}

export const PRIVACY_PARTICIPANT_OPTIONS = Symbol('PRIVACY_PARTICIPANT_OPTIONS');

/**
 * The participant side of erasure and export (docs/architecture.md, "Personal data and erasure"):
 * every service gets it by declaring its data; none writes its own erasure code.
 */
@Injectable()
export class PrivacyParticipantService {
  constructor(
    private readonly publisher: EventPublisher,
    @Inject(PRIVACY_PARTICIPANT_OPTIONS) private readonly options: PrivacyParticipantOptions,
  ) {}

  async erase(manager: EntityManager, request: EventFrom<typeof ErasureRequested>['payload']): Promise<void> {
    const { subjectId, caseId } = request;
    // Tenant tables admit a person's own rows across organisations (their memberships) only so.
    await scopeToAccount(manager, subjectId);
    const counts = await eraseSubject(
      manager,
      [...this.options.entities, OutboxMessage],
      subjectId,
      this.options.pseudonymKey,
    );
    await manager.query(
      `INSERT INTO erased_subject (subject_id, case_id, erased_at) VALUES ($1, $2, now()) ON CONFLICT (subject_id) DO NOTHING`,
      [subjectId, caseId],
    );
    await this.publisher.publish(manager, ErasureCompleted[this.options.service], subjectId, {
      caseId,
      subjectId,
      service: this.options.service,
      erasedAt: new Date().toISOString(),
      counts,
    });
  }

  async export(manager: EntityManager, request: EventFrom<typeof ExportRequested>['payload']): Promise<void> {
    await scopeToAccount(manager, request.subjectId);
    const tables = await exportSubject(manager, this.options.entities, request.subjectId);
    await this.publisher.publish(manager, ExportSectionReady[this.options.service], request.subjectId, {
      exportId: request.exportId,
      subjectId: request.subjectId,
      service: this.options.service,
      generatedAt: new Date().toISOString(),
      tables,
    });
  }
}
