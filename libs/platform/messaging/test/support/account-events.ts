import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccountRegistered } from '@sargs/contracts';
import type { EventPublisher } from '../../src';

export function accountRegisteredPayload(accountId: string, name: string) {
  return {
    accountId,
    email: `${accountId.slice(0, 8)}@example.test`,
    name,
    language: 'en' as const,
    acceptedPolicyVersion: '1',
    marketingEmails: false,
    registeredAt: new Date().toISOString(),
  };
}

/** Commits one change that publishes AccountRegistered; returns its eventId. */
export async function commitRegistration(
  dataSource: DataSource,
  publisher: EventPublisher,
  accountId: string = randomUUID(),
  name = 'Anna Bērziņa',
): Promise<string> {
  return dataSource.transaction(async (manager) => {
    const event = await publisher.publish(manager, AccountRegistered, accountId, accountRegisteredPayload(accountId, name));
    return event.eventId;
  });
}
