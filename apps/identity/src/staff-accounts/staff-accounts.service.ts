import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AccountRolesChanged,
  ROLE_NAMES,
  STAFF_ROLES,
  type AdminAccountView,
  type RoleName,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, NotFoundError } from '@sargs/platform/service';
import { SessionsService } from '../sessions/sessions.service';
import { LastAdminGuard } from './last-admin-guard';
import { AccountLedger } from '../accounts/account-ledger';
import { AccountRepository } from '../accounts/account.repository';
import { erasedAccountView, toAdminAccountView } from './admin-account-view';
import { SecondFactorState } from './second-factor-state';

export const NO_SUCH_ACCOUNT = 'No such account';
const noSuchAccount = () => new NotFoundError(NO_SUCH_ACCOUNT);

const isStaffRole = (role: RoleName) => STAFF_ROLES.includes(role);

/** The account's non-staff roles kept, its staff roles replaced; in ROLE_NAMES order. */
function withStaffRoles(current: readonly RoleName[], staff: readonly RoleName[]): RoleName[] {
  const wanted = new Set([...current.filter((role) => !isStaffRole(role)), ...staff]);
  return ROLE_NAMES.filter((role) => wanted.has(role));
}

const sameRoles = (a: readonly RoleName[], b: readonly RoleName[]) => a.length === b.length && a.every((role) => b.includes(role));

/** docs/api.md "Staff lookups, roles and the audit trail": staff find accounts; admins set staff roles (R23). */
@Injectable()
export class StaffAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly publisher: EventPublisher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRecorder,
    private readonly secondFactors: SecondFactorState,
    private readonly lastAdmin: LastAdminGuard,
    private readonly ledger: AccountLedger,
  ) {}

  /** Exact address as stored (trimmed, NFC, lower-case): one indexed query, 0 or 1 entries. */
  async findByEmail(email: string): Promise<AdminAccountView[]> {
    const manager = this.dataSource.manager;
    const rows = await this.accounts.staffViewByEmail(manager, email);
    return Promise.all(rows.map(async (row) => toAdminAccountView(row, await this.secondFactors.of(manager, row.id))));
  }

  /** `accountId` as stored: a uuid, lower-case (erased_subject keeps ids as text). */
  async view(accountId: string): Promise<AdminAccountView> {
    return this.viewOf(this.dataSource.manager, accountId);
  }

  /**
   * Sets the account's staff roles to exactly `roles` (its other roles stay). A change revokes
   * every session of the account (the new roles apply at its next login), tells the person
   * (AccountRolesChanged) and enters the audit trail, all in one transaction. Setting the roles
   * it already has changes nothing and answers the same.
   */
  async setRoles(adminId: string, accountId: string, staffRoles: readonly RoleName[]): Promise<AdminAccountView> {
    return this.dataSource.transaction(async (manager) => {
      await this.lastAdmin.lock(manager);
      const account = await this.accounts.lockRoles(manager, accountId);
      // A closing account keeps its roles until erased, but nobody gives it new ones.
      if (!account || account.status !== 'active') throw noSuchAccount();
      const roles = withStaffRoles(account.roles, staffRoles);
      if (sameRoles(roles, account.roles)) return this.viewOf(manager, accountId);
      if (account.roles.includes('admin') && !roles.includes('admin')) await this.lastAdmin.refuseLastAdmin(manager, accountId);

      await this.accounts.setRoles(manager, accountId, roles);
      await this.sessions.revokeAll(manager, accountId);
      const changedAt = new Date();
      await this.publisher.publish(manager, AccountRolesChanged, accountId, { accountId, roles, changedAt: changedAt.toISOString() });
      await this.ledger.credentialsChanged(manager, accountId, 'roles-changed', changedAt, roles);
      await this.audit.record(manager, { action: 'account.roles-changed', actorId: adminId, subject: accountId, roles });
      return this.viewOf(manager, accountId);
    });
  }

  private async viewOf(manager: EntityManager, accountId: string): Promise<AdminAccountView> {
    const row = await this.accounts.staffView(manager, accountId);
    if (row) return toAdminAccountView(row, await this.secondFactors.of(manager, accountId));
    const erasedAt = await this.accounts.erasedAt(manager, accountId);
    if (erasedAt) return erasedAccountView(accountId, erasedAt);
    throw noSuchAccount();
  }
}
