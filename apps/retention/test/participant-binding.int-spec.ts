import { randomUUID } from 'node:crypto';
import { AccountClosureRequested, deadLetterTopic, serviceTopic, type ErasureCaseView, type ServiceName } from '@sargs/contracts';
import { readRaw, writeRaw, type KafkaAccess } from '@sargs/platform/messaging';
import {
  createTestDatabase,
  startDedicatedBroker,
  startServiceApp,
  startTestService,
  testServiceCredentials,
  waitFor,
  type DedicatedBroker,
  type ServiceApp,
  type TestDatabase,
  type TestService,
} from '@sargs/testing';
import { retentionService } from '../src/retention.definition';

// A participant's answer is bound to the principal that wrote it: each answers on a topic only it
// may write (the broker's ACLs), and an answer there naming another service is dead-lettered. On a
// broker of its own, so no other suite's identity or profile answers the case meanwhile.
describe('erasure answers are bound to the participant that sent them', () => {
  let broker: DedicatedBroker;
  let retentionDb: TestDatabase;
  let probeDb: TestDatabase;
  let retention: ServiceApp;
  let probe: TestService;
  const dpo = { sub: randomUUID(), roles: ['dpo' as const], sid: randomUUID() };

  beforeAll(async () => {
    broker = await startDedicatedBroker();
    [retentionDb, probeDb] = await Promise.all([createTestDatabase('binding_retention'), createTestDatabase('binding_probe')]);
    retention = await startServiceApp(retentionService, { databaseUrl: retentionDb.url, brokers: broker.brokers, env: { PRIVACY_PARTICIPANTS: 'identity,profile,retention' } });
    probe = await startTestService({ name: `binding-probe-${randomUUID().slice(0, 8)}`, databaseUrl: probeDb.url, kafka: broker.access });
  });
  afterAll(async () => {
    await retention?.close();
    await probe?.close();
    await broker?.destroy();
    await Promise.all([retentionDb?.drop(), probeDb?.drop()]);
  });

  const as = (service: ServiceName): KafkaAccess => ({ brokers: [broker.brokers], credentials: testServiceCredentials(service) });

  /** An ErasureCompleted envelope as `sender` writes it by hand onto `topic`, naming `claimed`: 'written' or the refusal. */
  function answer(sender: ServiceName, topic: string, claimed: ServiceName, caseId: string, subjectId: string): Promise<string> {
    const envelope = {
      eventId: randomUUID(),
      type: 'ErasureCompleted',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      subjectId,
      correlationId: randomUUID(),
      payload: { caseId, subjectId, service: claimed, erasedAt: new Date().toISOString(), counts: {} },
    };
    return writeRaw(as(sender), topic, [{ key: subjectId, value: JSON.stringify(envelope) }]);
  }

  const caseView = async (caseId: string): Promise<ErasureCaseView | undefined> => {
    const res = await retention.http().get(`/admin/erasures/${caseId}`).set(retention.as(dpo));
    return res.status === 200 ? (res.body as ErasureCaseView) : undefined;
  };

  it('keeps the case pending for identity when profile answers in identity’s name, on either topic', async () => {
    const accountId = randomUUID();
    const caseId = randomUUID();
    await probe.dataSource.transaction((manager) =>
      probe.publisher.publish(manager, AccountClosureRequested, accountId, { accountId, caseId, requestedBy: 'self', requestedAt: new Date().toISOString() }),
    );
    // retention opens the case and answers for itself; identity and profile run nowhere here.
    await waitFor(() => caseView(caseId), (c) => c?.missing.length === 2, { timeoutMs: 30_000, what: 'the case, answered by retention alone' });

    // On identity's own topic: the broker refuses profile.
    expect(await answer('profile', serviceTopic('identity', 'erasure'), 'identity', caseId, accountId)).toBe('TOPIC_AUTHORIZATION_FAILED');
    // On profile's own topic, naming identity: written, but retention dead-letters it.
    expect(await answer('profile', serviceTopic('profile', 'erasure'), 'identity', caseId, accountId)).toBe('written');
    // profile's genuine answer behind it: recorded, so the forgery before it was processed too.
    expect(await answer('profile', serviceTopic('profile', 'erasure'), 'profile', caseId, accountId)).toBe('written');
    const after = await waitFor(() => caseView(caseId), (c) => c?.missing.length === 1, { timeoutMs: 30_000, what: 'profile’s own answer' });
    expect(after).toMatchObject({ status: 'pending', missing: ['identity'], certificate: null });

    const letters = await waitFor(
      async () => (await readRaw(broker.access, deadLetterTopic(serviceTopic('profile', 'erasure')))).filter((l) => l.key === accountId).map((l) => JSON.parse(l.value) as Record<string, unknown>),
      (l) => l.length > 0,
      { timeoutMs: 20_000, what: 'the dead letter' },
    );
    expect(letters).toEqual([expect.objectContaining({ sourceTopic: serviceTopic('profile', 'erasure'), consumerGroup: 'sargs-retention', reason: expect.stringMatching(/service/) })]);
  });
});
