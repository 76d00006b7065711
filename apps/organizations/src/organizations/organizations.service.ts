import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  OrganizationDeletionRequested,
  VAT_MISMATCH,
  vatNumberFor,
  type CreateOrganizationBody,
  type MyOrganizationView,
  type OrganizationView,
  type StaffOrganizationView,
  type UpdateOrganizationBody,
  type VerificationView,
  type VerifyOrganizationBody,
} from '@sargs/contracts';
import { inTenant, scopeToAccount } from '@sargs/platform/database';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, InvalidInputError, NotFoundError, NO_SUCH_ORGANISATION, type TenantCaller } from '@sargs/platform/service';
import { DpaRepository } from '../dpa/dpa.repository';
import { MembershipChanges } from '../memberships/membership-changes';
import { MembershipRepository } from '../memberships/membership.repository';
import { OrganizationRepository, type CompanyDetails, type OrganizationRow } from './organization.repository';

const verificationOf = (row: OrganizationRow): VerificationView => ({
  status: row.verification_status,
  verifiedAt: row.verified_at?.toISOString() ?? null,
  method: row.verification_method,
});

/**
 * Organisations and their company details (R3): created by a signed-in person, who becomes the
 * owner; details changed by owners and admins (a change of name, registration or VAT number makes
 * them unverified again) and verified by staff; deleted by an owner.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationRepository,
    private readonly memberships: MembershipRepository,
    private readonly changes: MembershipChanges,
    private readonly dpa: DpaRepository,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {}

  /** POST /orgs: the organisation and its first owner, in the new organisation's own scope. */
  async create(accountId: string, input: CreateOrganizationBody): Promise<{ id: string; verification: { status: 'unverified' } }> {
    const orgId = randomUUID();
    await inTenant(this.dataSource, orgId, async (manager) => {
      await this.organizations.insert(manager, orgId, { name: input.name, registrationNumber: input.registrationNumber, vatNumber: input.vatNumber ?? null, address: input.address ?? null }, new Date());
      await this.changes.join(manager, orgId, accountId, 'owner', accountId);
    });
    return { id: orgId, verification: { status: 'unverified' } };
  }

  /** GET /orgs: in a transaction scoped to the account, whose policy admits its own memberships and their organisations. */
  listMine(accountId: string): Promise<MyOrganizationView[]> {
    return this.dataSource.transaction(async (manager) => {
      await scopeToAccount(manager, accountId);
      const rows = await this.organizations.listOfAccount(manager, accountId);
      return rows.map((row) => ({ id: row.org_id, name: row.name, role: row.role }));
    });
  }

  view(caller: TenantCaller): Promise<OrganizationView> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => {
      const org = await this.organizations.findLive(manager, caller.orgId);
      if (!org) throw new NotFoundError(NO_SUCH_ORGANISATION);
      return this.viewOf(manager, org);
    });
  }

  /** PATCH /orgs/:id (owner or admin): the VAT number must still go with the registration number, as the details will be. */
  update(caller: TenantCaller, input: UpdateOrganizationBody): Promise<OrganizationView> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => {
      const org = await this.organizations.lockLive(manager, caller.orgId);
      if (!org) throw new NotFoundError(NO_SUCH_ORGANISATION);
      const next: CompanyDetails = {
        name: input.name ?? org.name,
        registrationNumber: input.registrationNumber ?? org.registration_number,
        vatNumber: input.vatNumber === undefined ? org.vat_number : input.vatNumber,
        address: input.address === undefined ? org.address : input.address,
      };
      if (next.vatNumber !== null && next.vatNumber !== vatNumberFor(next.registrationNumber)) {
        throw new InvalidInputError('The VAT number does not go with the registration number', [{ field: 'vatNumber', message: VAT_MISMATCH }]);
      }
      const unverify = next.name !== org.name || next.registrationNumber !== org.registration_number || next.vatNumber !== org.vat_number;
      if (unverify || next.address !== org.address) await this.organizations.updateDetails(manager, org.org_id, next, unverify);
      return this.viewOf(manager, (await this.organizations.findLive(manager, org.org_id)) as OrganizationRow);
    });
  }

  /**
   * DELETE /orgs/:id (owner; the gateway had identity check the password first): from this
   * commit nobody is a member (the membership lookup answers 404), every member's role ends
   * (OrganizationMembershipChanged), and retention opens the tenant erasure case under the new
   * caseId (OrganizationDeletionRequested), which deletes the rows in every service.
   */
  delete(caller: TenantCaller): Promise<{ caseId: string }> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => {
      const org = await this.organizations.lockLive(manager, caller.orgId);
      if (!org) throw new NotFoundError(NO_SUCH_ORGANISATION);
      const caseId = randomUUID();
      const at = new Date();
      await this.organizations.markDeleted(manager, org.org_id, caseId, at);
      for (const accountId of await this.memberships.accountsOf(manager, org.org_id)) await this.changes.announce(manager, org.org_id, accountId, null, at);
      await this.publisher.publish(manager, OrganizationDeletionRequested, org.org_id, { orgId: org.org_id, caseId, requestedBy: caller.accountId, requestedAt: at.toISOString() });
      await this.audit.record(manager, { action: 'organization.deletion-requested', actorId: caller.accountId, subject: org.org_id, reference: caseId });
      return { caseId };
    });
  }

  /** GET /admin/orgs?registrationNumber= (staff): the one lookup across organisations, admitted by that number alone. */
  findByRegistrationNumber(registrationNumber: string): Promise<StaffOrganizationView[]> {
    return this.dataSource.transaction(async (manager) =>
      (await this.organizations.findByRegistrationNumber(manager, registrationNumber)).map((org) => ({
        id: org.org_id,
        name: org.name,
        registrationNumber: org.registration_number,
        verification: verificationOf(org),
      })),
    );
  }

  /** POST /admin/orgs/:id/verification (staff, R3), in the organisation's scope; recorded in the audit trail with the evidence's digest. */
  verify(orgId: string, staffId: string, input: VerifyOrganizationBody): Promise<OrganizationView> {
    return inTenant(this.dataSource, orgId, async (manager) => {
      const org = await this.organizations.lockLive(manager, orgId);
      if (!org) throw new NotFoundError(NO_SUCH_ORGANISATION);
      await this.organizations.markVerified(manager, org.org_id, input.method, input.evidenceSha256, new Date());
      await this.audit.record(manager, { action: 'organization.verified', actorId: staffId, subject: org.org_id, reference: input.evidenceSha256 });
      return this.viewOf(manager, (await this.organizations.findLive(manager, org.org_id)) as OrganizationRow);
    });
  }

  /** The organisation as GET /orgs/:id shows it: `dpa` only when it accepted the version in force. */
  private async viewOf(manager: EntityManager, org: OrganizationRow): Promise<OrganizationView> {
    const current = await this.dpa.current(manager);
    const accepted = current ? await this.dpa.acceptance(manager, org.org_id, current.version) : undefined;
    return {
      id: org.org_id,
      name: org.name,
      registrationNumber: org.registration_number,
      vatNumber: org.vat_number,
      address: org.address,
      verification: verificationOf(org),
      dpa: accepted ? { version: accepted.version, acceptedAt: accepted.accepted_at.toISOString() } : null,
    };
  }
}
