import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { MemberView, OrgRole } from '@sargs/contracts';
import { inTenant } from '@sargs/platform/database';
import { ConflictError, NotAllowedError, NotFoundError, NO_SUCH_ORGANISATION, type TenantCaller } from '@sargs/platform/service';
import { OrganizationRepository } from '../organizations/organization.repository';
import { MembershipChanges } from './membership-changes';
import { MembershipRepository, type MemberRow } from './membership.repository';

export const NO_SUCH_MEMBER = 'No such member of this organisation';
const LAST_OWNER = 'An organisation keeps at least one owner: make another member an owner first';

const memberView = (row: MemberRow): MemberView => ({ accountId: row.account_id, name: row.name, email: row.email, role: row.role });

/**
 * Members and their roles. Owners and admins manage members; only an owner makes an owner or
 * changes or removes one; anyone may leave; the last owner stays (409). Every change runs under
 * the organisation's row lock, so two changes cannot both take away "the other" owner.
 */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationRepository,
    private readonly memberships: MembershipRepository,
    private readonly changes: MembershipChanges,
  ) {}

  /** The gateway's lookup: the account's role in a live organisation, or undefined. */
  roleOf(orgId: string, accountId: string): Promise<OrgRole | undefined> {
    return inTenant(this.dataSource, orgId, (manager) => this.memberships.roleOf(manager, orgId, accountId));
  }

  list(caller: TenantCaller): Promise<MemberView[]> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => (await this.memberships.list(manager, caller.orgId)).map(memberView));
  }

  /** PATCH /orgs/:id/members/:accountId (owner or admin). */
  changeRole(caller: TenantCaller, accountId: string, role: OrgRole): Promise<MemberView> {
    return this.underLock(caller, async (manager, orgId, actor) => {
      if (actor.role === 'member') throw new NotAllowedError('Changing a role needs the owner or admin role');
      const target = await this.memberships.find(manager, orgId, accountId);
      if (!target) throw new NotFoundError(NO_SUCH_MEMBER);
      if ((role === 'owner' || target.role === 'owner') && actor.role !== 'owner') throw new NotAllowedError('Only an owner makes an owner or changes an owner\'s role');
      if (target.role === role) return memberView(target);
      if (target.role === 'owner' && (await this.memberships.countOwners(manager, orgId)) <= 1) throw new ConflictError(LAST_OWNER);
      await this.changes.changeRole(manager, orgId, accountId, role, caller.accountId);
      return memberView({ ...target, role });
    });
  }

  /** DELETE /orgs/:id/members/:accountId: leaving, or removing another (owner or admin; an owner only by an owner). */
  remove(caller: TenantCaller, accountId: string): Promise<void> {
    return this.underLock(caller, async (manager, orgId, actor) => {
      const self = accountId === caller.accountId;
      if (!self && actor.role === 'member') throw new NotAllowedError('Removing another member needs the owner or admin role');
      const target = await this.memberships.find(manager, orgId, accountId);
      if (!target) throw new NotFoundError(NO_SUCH_MEMBER);
      if (!self && target.role === 'owner' && actor.role !== 'owner') throw new NotAllowedError('Only an owner removes an owner');
      if (target.role === 'owner' && (await this.memberships.countOwners(manager, orgId)) <= 1) throw new ConflictError(LAST_OWNER);
      await this.changes.leave(manager, orgId, accountId, caller.accountId);
    });
  }

  /**
   * A transaction scoped to the caller's organisation, holding its row lock; 404 once it is
   * deleted. `actor` is the caller with their role as of the lock: the assertion's may predate a
   * change committed a moment ago.
   */
  private underLock<T>(caller: TenantCaller, work: (manager: EntityManager, orgId: string, actor: TenantCaller) => Promise<T>): Promise<T> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => {
      const org = await this.organizations.lockLive(manager, caller.orgId);
      if (!org) throw new NotFoundError(NO_SUCH_ORGANISATION);
      const role = await this.memberships.roleOf(manager, org.org_id, caller.accountId);
      if (!role) throw new NotFoundError(NO_SUCH_ORGANISATION);
      return work(manager, org.org_id, { ...caller, orgId: org.org_id, role });
    });
  }
}
