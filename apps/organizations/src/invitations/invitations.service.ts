import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OrganizationInvitationIssued, type CreateInvitationBody, type InvitationView, type Language } from '@sargs/contracts';
import { inTenant, scopeToTenant } from '@sargs/platform/database';
import { EventPublisher } from '@sargs/platform/messaging';
import { SecretSealer, sealingContext } from '@sargs/platform/secrets';
import {
  AuditRecorder,
  ConflictError,
  InvalidTokenError,
  NotAllowedError,
  NotFoundError,
  NO_SUCH_ORGANISATION,
  SERVICE_CONFIG,
  TemporarilyUnavailableError,
  type TenantCaller,
} from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { MemberAccountRepository } from '../memberships/member-account.repository';
import { MembershipChanges } from '../memberships/membership-changes';
import { MembershipRepository } from '../memberships/membership.repository';
import { OrganizationRepository } from '../organizations/organization.repository';
import { InvitationRepository, type InvitationRow } from './invitation.repository';

export const NO_SUCH_INVITATION = 'No such invitation in this organisation';
/** One answer for a token that is unknown, used, revoked or expired, or whose organisation is gone. */
export const INVALID_INVITATION = 'This invitation link is not valid: it is unknown, used, revoked or expired';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

const invitationView = (row: InvitationRow, now: Date): InvitationView => ({
  id: row.id,
  email: row.email,
  role: row.role,
  status: row.expires_at.getTime() > now.getTime() ? 'pending' : 'expired',
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});

/**
 * Invitations by e-mail: 256 random bits per link, stored only as SHA-256 and mailed only sealed
 * for notifications (OrganizationInvitationIssued); each works once, until it expires
 * (INVITATION_TTL_MS), and only for an account whose address is the invited one.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly invitations: InvitationRepository,
    private readonly organizations: OrganizationRepository,
    private readonly memberships: MembershipRepository,
    private readonly accounts: MemberAccountRepository,
    private readonly changes: MembershipChanges,
    private readonly sealer: SecretSealer,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {}

  /** POST /orgs/:id/invitations (owner or admin): replaces any open invitation of the address. */
  issue(caller: TenantCaller, input: CreateInvitationBody, languageHint: Language | undefined): Promise<{ id: string }> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => {
      const org = await this.organizations.lockLive(manager, caller.orgId);
      if (!org) throw new NotFoundError(NO_SUCH_ORGANISATION);
      if (await this.memberships.hasMemberWithEmail(manager, org.org_id, input.email)) {
        throw new ConflictError('That address belongs to a member already', [{ field: 'email', message: 'belongs to a member already' }]);
      }
      await this.invitations.deleteForEmail(manager, org.org_id, input.email);
      const token = randomBytes(32).toString('base64url');
      const now = new Date();
      const row: InvitationRow = { id: randomUUID(), org_id: org.org_id, email: input.email, role: input.role, created_at: now, expires_at: new Date(now.getTime() + this.config.INVITATION_TTL_MS) };
      await this.invitations.insert(manager, { ...row, token_hash: hashToken(token) });
      // The invited address may have no account yet: the mail speaks the inviter's language.
      const language = (await this.accounts.find(caller.accountId, manager))?.language ?? languageHint ?? 'lv';
      await this.publisher.publish(manager, OrganizationInvitationIssued, org.org_id, {
        invitationId: row.id,
        orgId: org.org_id,
        organizationName: org.name,
        email: row.email,
        role: row.role,
        language,
        // Bound to the event type and its subject (the organisation), as identity seals its tokens.
        token: this.sealer.seal(token, sealingContext(OrganizationInvitationIssued.type, org.org_id)),
        expiresAt: row.expires_at.toISOString(),
      });
      await this.audit.record(manager, { action: 'org-invitation.issued', actorId: caller.accountId, subject: row.id, reference: org.org_id });
      return { id: row.id };
    });
  }

  list(caller: TenantCaller): Promise<InvitationView[]> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => {
      const now = new Date();
      return (await this.invitations.list(manager, caller.orgId)).map((row) => invitationView(row, now));
    });
  }

  /** DELETE /orgs/:id/invitations/:invitationId (owner or admin): its link stops working. */
  revoke(caller: TenantCaller, invitationId: string): Promise<void> {
    return inTenant(this.dataSource, caller.orgId, async (manager) => {
      if (!(await this.invitations.delete(manager, caller.orgId, invitationId))) throw new NotFoundError(NO_SUCH_INVITATION);
      await this.audit.record(manager, { action: 'org-invitation.revoked', actorId: caller.accountId, subject: invitationId, reference: caller.orgId.toLowerCase() });
    });
  }

  /**
   * POST /org-invitations/accept: the caller joins with the invited role when their account's
   * address is the invited one (403 otherwise, and the link keeps working for its addressee). The
   * invitation is deleted: a second use is the 400 of an unknown token. An existing member keeps
   * their role.
   */
  accept(accountId: string, token: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.invitations.lockByTokenHash(manager, hashToken(token));
      if (!invitation || invitation.expires_at.getTime() <= Date.now()) throw new InvalidTokenError(INVALID_INVITATION);
      const account = await this.accounts.find(accountId, manager);
      // organizations learns a new account's address from identity's event, moments after sign-up.
      if (!account?.email) throw new TemporarilyUnavailableError('The account is not known here yet; try again in a moment', 1);
      if (account.email !== invitation.email) throw new NotAllowedError('This invitation is for another e-mail address');
      await scopeToTenant(manager, invitation.org_id);
      if (!(await this.organizations.lockLive(manager, invitation.org_id))) throw new InvalidTokenError(INVALID_INVITATION);
      await this.invitations.delete(manager, invitation.org_id, invitation.id);
      await this.changes.join(manager, invitation.org_id, accountId, invitation.role, accountId);
    });
  }

  /** Deletes invitations that expired more than INVITATION_PURGE_AFTER_MS ago (with the addresses they hold). */
  purgeExpired(): Promise<number> {
    return this.dataSource.transaction((manager) => this.invitations.purgeExpired(manager, new Date(Date.now() - this.config.INVITATION_PURGE_AFTER_MS)));
  }
}
