import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AccountRegistered } from './events/account-registered.event';
import { ProfileChanged } from './events/profile-changed.event';
import { defineEvent, subjectMismatch } from './event-definition';
import { validateEvent } from './event-validation';
import { TOPICS } from './topics';

/** An AccountRegistered envelope whose subject is the payload's account (its subject rule). */
function envelope(payload: unknown, overrides: Record<string, unknown> = {}) {
  const accountId = (payload as { accountId?: unknown } | null)?.accountId;
  return {
    eventId: randomUUID(),
    type: AccountRegistered.type,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    subjectId: typeof accountId === 'string' ? accountId : randomUUID(),
    correlationId: 'corr-12345678',
    payload,
    ...overrides,
  };
}

const goodPayload = {
  accountId: randomUUID(),
  email: 'anna@example.test',
  name: 'Anna Bērziņa',
  language: 'lv',
  acceptedPolicyVersion: '1',
  marketingEmails: false,
  registeredAt: new Date().toISOString(),
};

describe('validateEvent', () => {
  it('accepts a well-formed event of a known type', () => {
    const result = validateEvent(TOPICS.identityAccount, envelope(goodPayload));
    expect(result).toMatchObject({ ok: true, event: { type: 'AccountRegistered', payload: goodPayload } });
  });

  it('names the failing fields but never quotes their values', () => {
    const result = validateEvent(TOPICS.identityAccount, envelope({ ...goodPayload, email: 'secret-not-an-address' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain('email');
    expect(result.reason).not.toContain('secret-not-an-address');
  });

  it('refuses unknown fields, unknown types, wrong topics and unknown schema versions', () => {
    expect(validateEvent(TOPICS.identityAccount, envelope({ ...goodPayload, extra: 1 })).ok).toBe(false);
    expect(validateEvent(TOPICS.identityAccount, envelope(goodPayload, { type: 'Nope' }))).toMatchObject({ ok: false, reason: expect.stringContaining('unknown event type') });
    expect(validateEvent(TOPICS.privacyErasure, envelope(goodPayload)).ok).toBe(false);
    expect(validateEvent(TOPICS.identityAccount, envelope(goodPayload, { schemaVersion: 2 }))).toMatchObject({ ok: false, reason: expect.stringContaining('schemaVersion') });
  });

  it('refuses a broken envelope and still reports its eventId when there is one', () => {
    const raw = envelope(goodPayload, { occurredAt: 'yesterday' });
    expect(validateEvent(TOPICS.identityAccount, raw)).toMatchObject({ ok: false, eventId: raw.eventId });
    expect(validateEvent(TOPICS.identityAccount, 'not an object').ok).toBe(false);
  });
});

describe('the subject rule', () => {
  it('refuses an event whose subjectId is not the account its payload names, naming the field only', () => {
    const other = randomUUID();
    const result = validateEvent(TOPICS.identityAccount, envelope(goodPayload, { subjectId: other }));
    expect(result).toEqual({ ok: false, reason: 'AccountRegistered: payload.accountId differs from the envelope subjectId', eventId: expect.any(String) });
    if (result.ok) return;
    expect(result.reason).not.toContain(other);
    expect(result.reason).not.toContain(goodPayload.accountId);
    expect(validateEvent(TOPICS.identityAccount, envelope(goodPayload, { subjectId: goodPayload.accountId })).ok).toBe(true);
  });

  it('is declared on the account events that consumers key by the account', () => {
    expect(AccountRegistered.subject).toBe('accountId');
    expect(ProfileChanged.subject).toBe('accountId');
    const changed = { accountId: randomUUID(), name: 'Anna', language: 'lv', changedAt: new Date().toISOString() };
    expect(subjectMismatch(ProfileChanged, changed.accountId, changed)).toBeUndefined();
    expect(subjectMismatch(ProfileChanged, randomUUID(), changed)).toBe('ProfileChanged: payload.accountId differs from the envelope subjectId');
  });

  it('checks nothing for an event without one', () => {
    const Free = defineEvent({ topic: 't', type: 'Free', schemaVersion: 1, payload: z.object({ accountId: z.string() }) });
    expect(subjectMismatch(Free, 'someone else', { accountId: 'a' })).toBeUndefined();
  });

  it('names a string field of the payload (checked when the event is defined)', () => {
    const payload = z.object({ accountId: z.string(), count: z.number() });
    expect(defineEvent({ topic: 't', type: 'Ok', schemaVersion: 1, payload, subject: 'accountId' }).subject).toBe('accountId');
    // @ts-expect-error a number field cannot be the subject
    defineEvent({ topic: 't', type: 'Bad', schemaVersion: 1, payload, subject: 'count' });
    // @ts-expect-error nor a field the payload does not have
    defineEvent({ topic: 't', type: 'Bad', schemaVersion: 1, payload, subject: 'nope' });
  });
});
