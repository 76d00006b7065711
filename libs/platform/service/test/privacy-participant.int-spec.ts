import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { AccountRegistered, ErasureRequested, ExportRequested, type EventDefinition, type EventFrom } from '@sargs/contracts';
import { createTestDatabase, startTestService, waitFor, type TestDatabase, type TestService } from '@sargs/testing';
import { SAMPLE_PARTICIPANT, SAMPLE_STAFF_ID, SampleContact, SampleLogEntry, SampleNote } from './support/sample-contact';

describe('the privacy participant kit on a sample entity', () => {
  let retentionDb: TestDatabase;
  let sampleDb: TestDatabase;
  let retention: TestService;
  let sample: TestService;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    retentionDb = await createTestDatabase('privacy_requester');
    sampleDb = await createTestDatabase('privacy_sample');
    retention = await startTestService({ name: `requester-${run}`, databaseUrl: retentionDb.url });
    // It answers as profile would (profile's topics); the test reads its outbox.
    sample = await startTestService({ name: `sample-${run}`, service: 'profile', databaseUrl: sampleDb.url, ...SAMPLE_PARTICIPANT });
  });

  afterAll(async () => {
    await retention?.close();
    await sample?.close();
    await retentionDb?.drop();
    await sampleDb?.drop();
  });

  function publish<D extends EventDefinition>(definition: D, subjectId: string, payload: EventFrom<D>['payload']): Promise<string> {
    return retention.dataSource.transaction(async (m) => (await retention.publisher.publish(m, definition, subjectId, payload)).eventId);
  }

  const registration = (accountId: string, name: string) =>
    publish(AccountRegistered, accountId, {
      accountId,
      email: `${accountId.slice(0, 8)}@example.test`,
      name,
      language: 'lv',
      acceptedPolicyVersion: '1',
      marketingEmails: false,
      registeredAt: new Date().toISOString(),
    });

  const outboxOf = async (subjectId: string, type: string) =>
    (
      (await sample.dataSource.query(`SELECT envelope FROM outbox_message WHERE message_key = $1 AND envelope->>'type' = $2`, [
        subjectId,
        type,
      ])) as { envelope: { payload: Record<string, unknown> } }[]
    ).map((r) => r.envelope.payload);

  it('exports, erases, answers, and keeps an erased subject from coming back', async () => {
    const subject = randomUUID();
    const bystander = randomUUID();
    await registration(subject, 'Jānis Ozoliņš');
    await registration(bystander, 'Līga Kalniņa');
    const contacts = sample.dataSource.getRepository(SampleContact);
    const notes = sample.dataSource.getRepository(SampleNote);
    // Other test files publish to the same topic: count only this test's people.
    await waitFor(() => contacts.countBy({ accountId: In([subject, bystander]) }), (n) => n === 2, { what: 'both contacts' });

    // Export: every declared table's rows about the subject, and nobody else's.
    const exportId = randomUUID();
    await publish(ExportRequested, subject, { exportId, subjectId: subject, requestedAt: new Date().toISOString() });
    const [section] = await waitFor(() => outboxOf(subject, 'ExportSectionReady'), (s) => s.length === 1, { what: 'the export section' });
    expect(section).toMatchObject({ exportId, service: 'profile' });
    const tables = section.tables as Record<string, Record<string, unknown>[]>;
    expect(tables.sample_contact).toEqual([{ accountId: subject, displayName: 'Jānis Ozoliņš', email: `${subject.slice(0, 8)}@example.test`, language: 'lv' }]);
    expect(tables.sample_note).toHaveLength(1);
    expect(JSON.stringify(tables)).not.toContain('Līga');

    // Other test files register people on the same topic: follow this test's two people's log rows by id.
    const logs = sample.dataSource.getRepository(SampleLogEntry);
    const ids = async (who: string) => (await logs.findBy({ subject: who })).map((e) => e.id);
    const [mineIds, bystanderIds] = [await ids(subject), await ids(bystander)];
    expect([mineIds.length, bystanderIds.length]).toEqual([2, 2]);

    // Erasure: notes deleted, the contact kept pseudonymised, the id listed, the answer published.
    const caseId = randomUUID();
    await publish(ErasureRequested, subject, { caseId, subjectId: subject, requestedAt: new Date().toISOString() });
    const [answer] = await waitFor(() => outboxOf(subject, 'ErasureCompleted'), (s) => s.length === 1, { what: 'ErasureCompleted' });
    // sample_log_entry: the subject in both rows, the actor in the one the person did themselves.
    expect(answer).toMatchObject({ caseId, subjectId: subject, service: 'profile', counts: { sample_contact: 1, sample_note: 1, sample_log_entry: 3 } });
    expect((answer.counts as Record<string, number>).outbox_message).toBeGreaterThanOrEqual(1);

    const erased = await contacts.findOneByOrFail({ accountId: subject });
    expect(erased.displayName).toBeNull();
    expect(erased.email).toMatch(/^pseud:[0-9a-f]{32}$/);
    expect(await notes.countBy({ accountId: subject })).toBe(0);
    // Records kept for good keep their rows, with the person's pseudonym wherever they were named.
    const mine = await logs.findBy({ id: In(mineIds) });
    expect(mine).toHaveLength(2);
    expect(new Set(mine.map((e) => e.subject)).size).toBe(1);
    expect(mine[0].subject).toMatch(/^pseud:[0-9a-f]{32}$/);
    expect(mine.map((e) => e.actor).sort()).toEqual([SAMPLE_STAFF_ID, mine[0].subject].sort());
    expect((await logs.findBy({ id: In(bystanderIds) })).map((e) => [e.subject, e.actor].join()).sort()).toEqual([`${bystander},${SAMPLE_STAFF_ID}`, `${bystander},${bystander}`].sort());
    expect(await outboxOf(subject, 'ExportSectionReady')).toHaveLength(0);
    expect(await sample.dataSource.query(`SELECT case_id FROM erased_subject WHERE subject_id = $1`, [subject])).toEqual([{ case_id: caseId }]);
    // The bystander is untouched.
    expect(await contacts.findOneByOrFail({ accountId: bystander })).toMatchObject({ displayName: 'Līga Kalniņa' });
    expect(await notes.countBy({ accountId: bystander })).toBe(1);

    // A late or replayed event for the erased subject recreates nothing (R15).
    const late = await registration(subject, 'Jānis Ozoliņš');
    await waitFor(
      () => sample.dataSource.query(`SELECT outcome FROM inbox_record WHERE event_id = $1`, [late]),
      (rows: unknown[]) => rows.length === 1,
      { what: 'the late event in the inbox' },
    );
    expect(await sample.dataSource.query(`SELECT outcome FROM inbox_record WHERE event_id = $1`, [late])).toEqual([{ outcome: 'dropped-erased' }]);
    expect((await contacts.findOneByOrFail({ accountId: subject })).displayName).toBeNull();
    expect(await notes.countBy({ accountId: subject })).toBe(0);
  });
});
