import type { Type } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { DeleteOrgController } from './delete-org.controller';
import { DpaController } from './dpa.controller';
import { MembersController } from './members.controller';
import { OrgExportsController } from './org-exports.controller';
import { OrgInvitationController } from './org-invitation.controller';
import { OrganisationsController } from './organisations.controller';
import { SubjectRequestsController } from './subject-requests.controller';
import { SubprocessorsController } from './subprocessors.controller';

/** Organisations (R3, R24): `/orgs/...`, the invitation link, and the public DPA and sub-processor pages. */
export const ORG_PAGE_CONTROLLERS: Type[] = [
  OrganisationsController,
  MembersController,
  ContactsController,
  OrgExportsController,
  SubjectRequestsController,
  DeleteOrgController,
  OrgInvitationController,
  DpaController,
  SubprocessorsController,
];
