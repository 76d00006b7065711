import { Module } from '@nestjs/common';
import { PolicyRepository } from './policy.repository';

/** The policy versions' repository on its own, so the ledger (which cites versions) and publishing (which writes them) both use it without importing each other. */
@Module({
  providers: [PolicyRepository],
  exports: [PolicyRepository],
})
export class PolicyStoreModule {}
