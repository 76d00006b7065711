import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { AuditTrailService } from './audit-trail.service';

/**
 * Writes a transaction's audit entries just before it commits (AuditTrailService.extendChain), so
 * the chain's head is locked from there to the commit only. A write that fails fails the commit,
 * and the transaction rolls back whole, entries and all. The trail is appended to by consumer
 * transactions, which use no savepoints; a savepoint released would write the queue early, which
 * is still inside the transaction and so still correct.
 */
@Injectable()
export class AuditChainCommitHook implements EntitySubscriberInterface, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly trail: AuditTrailService,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  beforeTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    return this.trail.extendChain(queryRunner);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.trail.discard(queryRunner);
  }
}
