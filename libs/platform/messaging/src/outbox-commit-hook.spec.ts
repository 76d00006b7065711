import type { DataSource, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { noteOutboxWrite, OutboxCommitHook } from './outbox-commit-hook';
import type { OutboxRelay } from './outbox-relay';

function setUp() {
  const committed = jest.fn();
  const dataSource = { subscribers: [] as unknown[] };
  const hook = new OutboxCommitHook(dataSource as unknown as DataSource, { committed } as unknown as OutboxRelay);
  hook.onModuleInit();
  const queryRunner = { data: {}, isTransactionActive: true } as unknown as QueryRunner & { isTransactionActive: boolean };
  const event = { queryRunner } as TransactionCommitEvent;
  return { committed, dataSource, hook, queryRunner, event };
}

describe('OutboxCommitHook', () => {
  it('registers itself once with the data source', () => {
    const { dataSource, hook } = setUp();
    hook.onModuleInit();
    expect(dataSource.subscribers).toEqual([hook]);
  });

  it('wakes the relay when the outermost transaction that wrote outbox rows commits, once', () => {
    const { committed, hook, queryRunner, event } = setUp();
    noteOutboxWrite(queryRunner);
    // A released savepoint: the outer transaction is still open and may roll back.
    hook.afterTransactionCommit(event);
    expect(committed).not.toHaveBeenCalled();
    queryRunner.isTransactionActive = false;
    hook.afterTransactionCommit(event);
    hook.afterTransactionCommit(event);
    expect(committed).toHaveBeenCalledTimes(1);
  });

  it('does not wake the relay for a transaction without outbox rows', () => {
    const { committed, hook, queryRunner, event } = setUp();
    queryRunner.isTransactionActive = false;
    hook.afterTransactionCommit(event);
    expect(committed).not.toHaveBeenCalled();
  });

  it('forgets the write when the transaction rolls back, so a later transaction on the same runner does not wake it', () => {
    const { committed, hook, queryRunner, event } = setUp();
    noteOutboxWrite(queryRunner);
    queryRunner.isTransactionActive = false;
    hook.afterTransactionRollback(event);
    hook.afterTransactionCommit(event);
    expect(committed).not.toHaveBeenCalled();
  });
});
