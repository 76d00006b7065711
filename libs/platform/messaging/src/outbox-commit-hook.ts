import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { OutboxRelay } from './outbox-relay';

const WROTE_OUTBOX = 'sargsWroteOutbox';

/** Called by the publisher: this transaction holds outbox rows, so its commit wakes the relay. */
export function noteOutboxWrite(queryRunner: QueryRunner): void {
  queryRunner.data[WROTE_OUTBOX] = true;
}

/**
 * Wakes the relay once a transaction that wrote outbox rows has committed. This replaces a NOTIFY
 * trigger on the outbox table: PostgreSQL holds one cluster-wide lock from a notifying
 * transaction's pre-commit until its commit is flushed to disk, so a NOTIFY inside every
 * publishing transaction made those commits, and their fsyncs, take turns (docs/performance.md,
 * "Event pipeline"). Here the wake comes after the commit, outside the transaction.
 */
@Injectable()
export class OutboxCommitHook implements EntitySubscriberInterface, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    // A released savepoint is not the commit: the outermost transaction may still roll back.
    if (queryRunner.isTransactionActive || queryRunner.data[WROTE_OUTBOX] !== true) return;
    delete queryRunner.data[WROTE_OUTBOX];
    this.relay.committed();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) delete queryRunner.data[WROTE_OUTBOX];
  }
}
