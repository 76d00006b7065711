import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationMembershipChanged, type OrgRole } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder } from '@sargs/platform/service';
import { MembershipRepository } from './membership.repository';

/**
 * Every change of who is a member, in the caller's transaction (scoped to the organisation): the
 * row, OrganizationMembershipChanged (notifications keeps each organisation's owners and admins
 * from it) and the audit entry (member as subject, organisation as reference), together.
 */
@Injectable()
export class MembershipChanges {
  constructor(
    private readonly memberships: MembershipRepository,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {}

  /** Whether the account joined (an existing member keeps the role they have). */
  async join(manager: EntityManager, orgId: string, accountId: string, role: OrgRole, actorId: string): Promise<boolean> {
    const at = new Date();
    if (!(await this.memberships.insert(manager, orgId, accountId, role, at))) return false;
    await this.announce(manager, orgId, accountId, role, at);
    await this.audit.record(manager, { action: 'org-member.added', actorId, subject: accountId, reference: orgId });
    return true;
  }

  async changeRole(manager: EntityManager, orgId: string, accountId: string, role: OrgRole, actorId: string): Promise<void> {
    await this.memberships.setRole(manager, orgId, accountId, role);
    await this.announce(manager, orgId, accountId, role, new Date());
    await this.audit.record(manager, { action: 'org-member.role-changed', actorId, subject: accountId, reference: orgId });
  }

  async leave(manager: EntityManager, orgId: string, accountId: string, actorId: string): Promise<void> {
    await this.memberships.delete(manager, orgId, accountId);
    await this.announce(manager, orgId, accountId, null, new Date());
    await this.audit.record(manager, { action: 'org-member.removed', actorId, subject: accountId, reference: orgId });
  }

  /** The event alone: a deleted organisation's members lose their roles while its rows wait for the erasure case. */
  async announce(manager: EntityManager, orgId: string, accountId: string, role: OrgRole | null, at: Date): Promise<void> {
    await this.publisher.publish(manager, OrganizationMembershipChanged, orgId, { orgId, accountId, role, changedAt: at.toISOString() });
  }
}
