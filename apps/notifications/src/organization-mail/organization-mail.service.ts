import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventFrom, OrganizationInvitationIssued, OrganizationMembershipChanged, SubprocessorChangeAnnounced } from '@sargs/contracts';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { RecipientRepository } from '../directory/recipient.repository';
import { OutgoingMailRepository } from '../outgoing/outgoing-mail.repository';
import type { TemplateParams } from '../templates/mail-template';
import { OrganizationManagerRepository } from './organization-manager.repository';

/**
 * What organizations' events call for: the invitation mail (to an address that may have no
 * account), the projection of each organisation's owners and admins, and the sub-processor
 * notice to every owner (R24, GDPR Art. 28(2)).
 */
@Injectable()
export class OrganizationMailService {
  constructor(
    private readonly queue: OutgoingMailRepository,
    private readonly directory: RecipientRepository,
    private readonly managers: OrganizationManagerRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The invitation goes to the invited address, with the link its token makes (sealed for the
   * organisation, opened only when the mail is rendered). When the address is an account's, the
   * mail is that account's: in its language, cancelled if it is closing (R13), erased with it.
   * Otherwise the invitation's id stands for the person, and the inviter's language is used.
   */
  async invitation(manager: EntityManager, event: EventFrom<typeof OrganizationInvitationIssued>): Promise<void> {
    const { invitationId, email, language, token, expiresAt, organizationName, role } = event.payload;
    const accountId = (await this.directory.accountWithAddress(manager, email)) ?? invitationId;
    await this.queue.enqueue(manager, {
      dedupeKey: `${event.eventId}:org-invitation`,
      accountId,
      template: 'org-invitation',
      params: { token, sealedFor: event.type, sealedSubject: event.subjectId, expiresAt, language, organizationName, role },
      toAddress: email,
    });
  }

  membershipChanged(manager: EntityManager, event: EventFrom<typeof OrganizationMembershipChanged>): Promise<void> {
    return this.managers.recordChange(manager, event.payload);
  }

  /** One service notice per owner, in the owner's language, however often the announcement arrives. */
  async subprocessorChange(manager: EntityManager, event: EventFrom<typeof SubprocessorChangeAnnounced>): Promise<void> {
    const { changeId, change, name, purpose, location, effectiveAt } = event.payload;
    const params: TemplateParams['subprocessor-change'] = { change, name, purpose, location, effectiveAt };
    const queued = await this.managers.queueForOwners(manager, changeId, params);
    this.logger.info({ changeId, queued }, 'sub-processor notice queued for the owners of every organisation');
  }
}
