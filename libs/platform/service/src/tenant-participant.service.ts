import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ErasureCompleted,
  ExportSectionReady,
  TenantSubjectAnswered,
  type EventFrom,
  type TenantErasureRequested,
  type TenantExportRequested,
  type TenantSubjectRequested,
} from '@sargs/contracts';
import { scopeToTenant } from '@sargs/platform/database';
import { EventPublisher, OutboxMessage } from '@sargs/platform/messaging';
import { eraseTenant, eraseTenantSubject, exportTenant, tenantSubjectRows } from '@sargs/platform/privacy';
import { PRIVACY_PARTICIPANT_OPTIONS, type PrivacyParticipantOptions } from './privacy-participant.service';

/**
 * The tenant side of erasure and export (docs/tenancy.md): a service that declares tenant tables
 * (@TenantId) answers an organisation's deletion, export and data-subject requests from those
 * declarations, each inside a transaction scoped to that organisation by row-level security.
 */
@Injectable()
export class TenantParticipantService {
  constructor(
    private readonly publisher: EventPublisher,
    @Inject(PRIVACY_PARTICIPANT_OPTIONS) private readonly options: PrivacyParticipantOptions,
  ) {}

  async erase(manager: EntityManager, request: EventFrom<typeof TenantErasureRequested>['payload']): Promise<void> {
    await scopeToTenant(manager, request.orgId);
    const counts = await eraseTenant(manager, this.options.entities, request.orgId);
    // Events keyed by the organisation (export sections, data-subject answers) carry its data too;
    // as for a person, they go now rather than when the relay prunes sent rows.
    counts.outbox_message = (await manager.delete(OutboxMessage, { messageKey: request.orgId })).affected ?? 0;
    // Events that would recreate the organisation's data are dropped from now on (R15).
    await manager.query(`INSERT INTO erased_subject (subject_id, case_id, erased_at) VALUES ($1, $2, now()) ON CONFLICT (subject_id) DO NOTHING`, [request.orgId, request.caseId]);
    await this.publisher.publish(manager, ErasureCompleted[this.options.service], request.orgId, {
      caseId: request.caseId,
      subjectId: request.orgId,
      service: this.options.service,
      erasedAt: new Date().toISOString(),
      counts,
    });
  }

  async export(manager: EntityManager, request: EventFrom<typeof TenantExportRequested>['payload']): Promise<void> {
    await scopeToTenant(manager, request.orgId);
    const tables = await exportTenant(manager, this.options.entities, request.orgId);
    await this.publisher.publish(manager, ExportSectionReady[this.options.service], request.orgId, {
      exportId: request.exportId,
      subjectId: request.orgId,
      service: this.options.service,
      generatedAt: new Date().toISOString(),
      tables,
    });
  }

  async answerSubject(manager: EntityManager, request: EventFrom<typeof TenantSubjectRequested>['payload']): Promise<void> {
    await scopeToTenant(manager, request.orgId);
    const base = { requestId: request.requestId, orgId: request.orgId, service: this.options.service, type: request.type, answeredAt: new Date().toISOString() };
    const answer =
      request.type === 'access'
        ? { ...base, tables: await tenantSubjectRows(manager, this.options.entities, request.orgId, request.email) }
        : { ...base, counts: await eraseTenantSubject(manager, this.options.entities, request.orgId, request.email) };
    await this.publisher.publish(manager, TenantSubjectAnswered[this.options.service], request.orgId, answer);
  }
}
