import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccountClosureRequested } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, NotFoundError } from '@sargs/platform/service';
import { AccountLedger } from '../accounts/account-ledger';
import { AccountRepository } from '../accounts/account.repository';
import { LoginService } from '../sessions/login.service';
import { SessionsService } from '../sessions/sessions.service';
import { LastAdminGuard } from '../staff-accounts/last-admin-guard';
import { NO_SUCH_ACCOUNT } from '../staff-accounts/staff-accounts.service';
import { AccountTokensService } from '../tokens/account-tokens.service';

/**
 * Closure (R13): in one transaction login is refused, every session and token is revoked and
 * AccountClosureRequested (with a new erasure caseId) enters the outbox. Retention takes it from there.
 */
@Injectable()
export class ClosureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly publisher: EventPublisher,
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
    private readonly tokens: AccountTokensService,
    private readonly audit: AuditRecorder,
    private readonly lastAdmin: LastAdminGuard,
    private readonly ledger: AccountLedger,
  ) {}

  async closeOwn(accountId: string, password: string): Promise<{ caseId: string }> {
    await this.login.confirmPassword(accountId, password, 'password');
    return this.close(accountId, null);
  }

  /**
   * Staff closure, recorded with the staff member (on the erasure case and in the audit trail);
   * closing an already closed account answers with its existing case and records nothing more.
   */
  closeByStaff(accountId: string, staffId: string): Promise<{ caseId: string }> {
    return this.close(accountId, staffId);
  }

  /** `staffId`: the staff member closing the account; null when the person closes their own. */
  private close(accountId: string, staffId: string | null): Promise<{ caseId: string }> {
    return this.dataSource.transaction(async (manager) => {
      // An admin's closure must not take the last admin away: the guard's lock comes before the row lock.
      const isAdmin = (await this.accounts.rolesOf(manager, accountId))?.includes('admin') ?? false;
      if (isAdmin) await this.lastAdmin.lock(manager);
      const account = await this.accounts.lockClosure(manager, accountId);
      if (!account) throw new NotFoundError(NO_SUCH_ACCOUNT);
      if (account.status === 'closed' && account.closure_case_id) return { caseId: account.closure_case_id };
      if (isAdmin) await this.lastAdmin.refuseLastAdmin(manager, accountId);
      const caseId = randomUUID();
      const requestedAt = new Date();
      await this.accounts.close(manager, accountId, requestedAt, caseId);
      await this.sessions.revokeAll(manager, accountId);
      await this.tokens.retireAll(manager, accountId);
      const requestedBy = staffId ? 'staff' : 'self';
      await this.publisher.publish(manager, AccountClosureRequested, accountId, {
        accountId,
        caseId,
        requestedBy,
        requestedAt: requestedAt.toISOString(),
        ...(staffId ? { staffId } : {}),
      });
      await this.ledger.closed(manager, { accountId, caseId, staffId, closedAt: requestedAt });
      if (staffId) await this.audit.record(manager, { action: 'account.closed-by-staff', actorId: staffId, subject: accountId, reference: caseId });
      return { caseId };
    });
  }
}
