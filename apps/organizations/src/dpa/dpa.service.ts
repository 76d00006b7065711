import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { DpaAcceptanceView, DpaPublished, DpaView, PublishDpaBody } from '@sargs/contracts';
import { inTenant } from '@sargs/platform/database';
import { AuditRecorder, ConflictError, InvalidInputError, NotFoundError, NO_SUCH_ORGANISATION, type TenantCaller } from '@sargs/platform/service';
import { OrganizationRepository } from '../organizations/organization.repository';
import { DpaRepository, type DpaVersionRow } from './dpa.repository';

export const NO_DPA = 'No data processing agreement has been published yet';

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The data processing agreement (Art. 28): versions published by staff (the first seeded at
 * boot), the latest in force; an owner accepts the version in force for the organisation.
 */
@Injectable()
export class DpaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dpa: DpaRepository,
    private readonly organizations: OrganizationRepository,
    private readonly audit: AuditRecorder,
  ) {}

  async current(): Promise<DpaView> {
    const current = await this.dpa.current();
    if (!current) throw new NotFoundError(NO_DPA);
    return { version: current.version, sha256: current.sha256, content: current.content };
  }

  /** POST /admin/dpa: in force at once; 409 for a version that exists. */
  async publishByStaff(staffId: string, input: PublishDpaBody): Promise<DpaPublished> {
    const published = await this.dataSource.transaction((manager) => this.publish(manager, input.version, input.content, staffId, 'refuse-existing'));
    if (!published) throw new ConflictError('This DPA version exists already', [{ field: 'version', message: 'is already published' }]);
    return published;
  }

  /** The seed version (DPA_SEED_DIR), only while no version exists at all; instances booting together queue on the lock. */
  publishSeed(version: string, content: string): Promise<DpaPublished | undefined> {
    return this.dataSource.transaction((manager) => this.publish(manager, version, content, null, 'only-if-none'));
  }

  private async publish(manager: EntityManager, version: string, content: string, staffId: string | null, mode: 'refuse-existing' | 'only-if-none'): Promise<DpaPublished | undefined> {
    await this.dpa.lockPublications(manager);
    const latest = await this.dpa.current(manager);
    if (mode === 'only-if-none' && latest) return undefined;
    if (await this.dpa.exists(manager, version)) return undefined;
    // Strictly after the version in force, so "the latest" is never a tie.
    const publishedAt = new Date(Math.max(Date.now(), (latest?.published_at.getTime() ?? 0) + 1));
    const row: DpaVersionRow = { version, content, sha256: sha256Hex(content), published_at: publishedAt };
    await this.dpa.insert(manager, { ...row, published_by: staffId });
    // Staff publications only: the seed is the deployment's starting text, not anyone's action.
    if (staffId) await this.audit.record(manager, { action: 'dpa.published', actorId: staffId, subject: version });
    return { version, sha256: row.sha256, publishedAt: publishedAt.toISOString() };
  }

  /**
   * POST /orgs/:id/dpa-acceptance (owner): only the version in force, else 422 on `version`. A
   * second acceptance of it answers the first.
   */
  accept(caller: TenantCaller, version: string): Promise<DpaAcceptanceView> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => {
      if (!(await this.organizations.findLive(manager, caller.orgId))) throw new NotFoundError(NO_SUCH_ORGANISATION);
      const current = await this.dpa.current(manager);
      if (!current || current.version !== version) {
        throw new InvalidInputError('Only the data processing agreement in force can be accepted', [{ field: 'version', message: 'is not the version in force' }]);
      }
      await this.dpa.insertAcceptance(manager, caller.orgId, { version, sha256: current.sha256, accepted_at: new Date(), accepted_by: caller.accountId });
      const accepted = await this.dpa.acceptance(manager, caller.orgId, version);
      if (!accepted) throw new Error('the acceptance just written is not there');
      return { version: accepted.version, sha256: accepted.sha256, acceptedAt: accepted.accepted_at.toISOString(), acceptedBy: accepted.accepted_by };
    });
  }
}
