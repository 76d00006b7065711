import type { EntityClass } from '@sargs/platform/privacy';
import { DpaAcceptance } from '../dpa/dpa-acceptance.entity';
import { DpaVersion } from '../dpa/dpa-version.entity';
import { OrgInvitation } from '../invitations/invitation.entity';
import { MemberAccount } from '../memberships/member-account.entity';
import { OrgMembership } from '../memberships/membership.entity';
import { CreateOrganizationsTables1797100000000 } from '../migrations/1797100000000-create-organizations-tables';
import { AddMembershipChangeNotify1797200000000 } from '../migrations/1797200000000-add-membership-change-notify';
import { TenantPolicyInTheIndexScan1797300000000 } from '../migrations/1797300000000-tenant-policy-in-the-index-scan';
import { Organization } from '../organizations/organization.entity';
import { SubprocessorChange } from '../subprocessors/subprocessor-change.entity';

/**
 * The organizations database: its entities and migrations, besides the platform tables every
 * service has. The schema-drift, personal-data map and tenant-table tests read this list. The
 * organisation comes first among the tenant tables: a tenant's deletion deletes in reverse order.
 */
export const ORGANIZATIONS_ENTITIES: EntityClass[] = [Organization, OrgMembership, OrgInvitation, DpaAcceptance, MemberAccount, DpaVersion, SubprocessorChange];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ORGANIZATIONS_MIGRATIONS: Function[] = [CreateOrganizationsTables1797100000000, AddMembershipChangeNotify1797200000000, TenantPolicyInTheIndexScan1797300000000];
