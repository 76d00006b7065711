import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic, serviceTopic, TOPICS, type ServiceName } from '@sargs/contracts';
import { testKafkaAccess, testKafkaBrokers, testServiceCredentials } from '@sargs/testing';
import { kafkaClientConfig, type KafkaAccess } from '../src/kafka-access';
import { servicePrincipal } from '../src/kafka-acls';
import { kafkaRefusal, writeRaw } from '../src/kafka-raw-clients';

// The shared test broker runs as production does: SCRAM-SHA-512 principals and the ACLs
// provisionKafka derives from the contracts (docs/messaging.md, "Principals and ACLs").
const brokers = () => testKafkaBrokers().split(',');
const as = (service: ServiceName): KafkaAccess => ({ brokers: brokers(), credentials: testServiceCredentials(service) });

const client = (access: KafkaAccess) =>
  new Kafka({ ...kafkaClientConfig(access, `acl-test-${randomUUID().slice(0, 8)}`), logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 } });

/** Sends one forged record as `access`: 'written', or the broker's refusal. */
const write = (access: KafkaAccess, topic: string): Promise<string> => writeRaw(access, topic, [{ key: randomUUID(), value: JSON.stringify({ forged: true }) }]);

/** Whether `access` can authenticate at all (an admin metadata request). */
async function connect(access: KafkaAccess): Promise<string> {
  const admin = client(access).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return 'connected';
  } catch (err) {
    return kafkaRefusal(err);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Whether `access` may see `topic` (READ and WRITE imply DESCRIBE): its metadata, or the refusal. */
async function describeTopic(access: KafkaAccess, topic: string): Promise<string> {
  const admin = client(access).admin();
  try {
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [topic] });
    return 'visible';
  } catch (err) {
    return kafkaRefusal(err);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Joins `group` as `access` (a group no service uses, so no real consumer is disturbed). */
async function joinGroup(access: KafkaAccess, topic: string, group: string): Promise<string> {
  // No restart after the crash: the refusal is the answer.
  const consumer = client(access).consumer({ groupId: group, retry: { retries: 0, restartOnFailure: async () => false } });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<string>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve('joined'));
      consumer.on(consumer.events.CRASH, (event) => resolve(kafkaRefusal(event.payload.error)));
      consumer.run({ eachMessage: async () => undefined }).catch((err: unknown) => resolve(kafkaRefusal(err)));
    });
  } catch (err) {
    return kafkaRefusal(err);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

describe('the broker enforces each service principal (SASL/SCRAM-SHA-512 and ACLs)', () => {
  it('refuses a client without credentials and one with a wrong password', async () => {
    expect(await connect(testKafkaAccess())).toBe('connected');
    expect(await connect({ brokers: brokers() })).not.toBe('connected');
    expect(await connect({ brokers: brokers(), credentials: { username: servicePrincipal('identity'), password: 'not-the-password' } })).not.toBe('connected');
    expect(await connect({ brokers: brokers(), credentials: { username: 'sargs-nobody', password: 'whatever' } })).not.toBe('connected');
  });

  it('lets only retention write ErasureRequested, and only identity write identity.account.v1', async () => {
    for (const service of ['identity', 'profile', 'consent', 'notifications'] as const) {
      expect({ service, answer: await write(as(service), TOPICS.privacyErasure) }).toEqual({ service, answer: 'TOPIC_AUTHORIZATION_FAILED' });
    }
    expect(await write(as('retention'), TOPICS.privacyErasure)).toBe('written');
    for (const service of ['profile', 'consent', 'notifications', 'retention'] as const) {
      expect({ service, answer: await write(as(service), TOPICS.identityAccount) }).toEqual({ service, answer: 'TOPIC_AUTHORIZATION_FAILED' });
    }
    expect(await write(as('identity'), TOPICS.identityAccount)).toBe('written');
  });

  it('lets a participant answer only on its own topics, never on another participant’s', async () => {
    for (const kind of ['erasure', 'export', 'audit'] as const) {
      expect(await write(as('profile'), serviceTopic('identity', kind))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await write(as('notifications'), serviceTopic('retention', kind))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await write(as('profile'), serviceTopic('profile', kind))).toBe('written');
    }
  });

  it('lets a service see only what it consumes or writes, in no group but its own, and write only its subscriptions’ dead letters', async () => {
    // profile consumes identity.account.v1; it has no business with consent's ledger or identity's export sections.
    expect(await describeTopic(as('profile'), TOPICS.identityAccount)).toBe('visible');
    expect(await describeTopic(as('profile'), TOPICS.consentConsent)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await describeTopic(as('notifications'), serviceTopic('identity', 'export'))).toBe('TOPIC_AUTHORIZATION_FAILED');
    // Without READ on the group the broker will not name its coordinator (kafkajs: "Failed to find group coordinator").
    expect(await joinGroup(as('profile'), TOPICS.identityAccount, `sargs-acl-probe-${randomUUID().slice(0, 8)}`)).toMatch(/coordinator|GROUP_AUTHORIZATION_FAILED/i);
    expect(await joinGroup(testKafkaAccess(), TOPICS.identityAccount, `sargs-acl-probe-${randomUUID().slice(0, 8)}`)).toBe('joined');
    expect(await write(as('profile'), deadLetterTopic(TOPICS.identityAccount))).toBe('written');
    expect(await write(as('profile'), deadLetterTopic(TOPICS.consentConsent))).toBe('TOPIC_AUTHORIZATION_FAILED');
  });
});
