import { Module } from '@nestjs/common';
import { OrganizationStoreModule } from '../organizations/organization-store.module';
import { AccountEventsConsumer } from './account-events.consumer';
import { MemberAccountsService } from './member-accounts.service';
import { MembersController } from './members.controller';
import { MembershipChangeFeed } from './membership-change-feed';
import { MembershipLookupController } from './membership-lookup.controller';
import { MembershipStoreModule } from './membership-store.module';
import { MembershipsService } from './memberships.service';

/** Members and roles, the gateway's membership lookup and its change feed, and the copy of members' address and name. */
@Module({
  imports: [MembershipStoreModule, OrganizationStoreModule],
  controllers: [MembersController, MembershipLookupController, AccountEventsConsumer],
  providers: [MembershipsService, MemberAccountsService, MembershipChangeFeed],
})
export class MembershipsModule {}
