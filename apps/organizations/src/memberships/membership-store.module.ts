import { Module } from '@nestjs/common';
import { MemberAccountRepository } from './member-account.repository';
import { MembershipChanges } from './membership-changes';
import { MembershipRepository } from './membership.repository';

/** Memberships and the account copies, for the members feature, organisations (the first owner, deletion) and invitations (joining). */
@Module({
  providers: [MembershipRepository, MemberAccountRepository, MembershipChanges],
  exports: [MembershipRepository, MemberAccountRepository, MembershipChanges],
})
export class MembershipStoreModule {}
