import { randomUUID } from 'node:crypto';
import { AccountRegistered } from './events/account-registered.event';
import { validateEvent } from './event-validation';
import { TOPICS } from './topics';

function envelope(payload: unknown, overrides: Record<string, unknown> = {}) {
  const id = randomUUID();
  return {
    eventId: randomUUID(),
    type: AccountRegistered.type,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    subjectId: id,
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
