import { changesState, currentState, historyNewestFirst, isConsentPurpose, nextSequence, type LedgerEntry } from './consent-ledger';

const entry = (sequence: number, granted: boolean, at = `2026-02-0${sequence}T10:00:00.000Z`): LedgerEntry => ({
  sequence,
  purpose: 'marketing-email',
  granted,
  method: 'account-page',
  policyVersion: `v${sequence}`,
  policySha256: 'a'.repeat(64),
  recordedAt: new Date(at),
});

describe('consent ledger derivation', () => {
  it('shows a purpose never chosen as not granted, with no version or time', () => {
    expect(currentState([])).toEqual([{ purpose: 'marketing-email', granted: false, policyVersion: null, updatedAt: null }]);
    expect(nextSequence([])).toBe(1);
  });

  it('takes the record with the highest sequence, whatever order the records come in', () => {
    const ledger = [entry(3, false), entry(1, true), entry(2, true)];
    expect(currentState(ledger)).toEqual([{ purpose: 'marketing-email', granted: false, policyVersion: 'v3', updatedAt: '2026-02-03T10:00:00.000Z' }]);
    expect(nextSequence(ledger)).toBe(4);
    expect(historyNewestFirst(ledger).map((h) => h.policyVersion)).toEqual(['v3', 'v2', 'v1']);
  });

  it('decides by sequence, not by time (clocks may disagree)', () => {
    expect(currentState([entry(2, true, '2026-01-01T00:00:00.000Z'), entry(1, false, '2027-01-01T00:00:00.000Z')])[0].granted).toBe(true);
  });

  it('treats writing the state in force as no change', () => {
    expect(changesState([], 'marketing-email', false)).toBe(false);
    expect(changesState([], 'marketing-email', true)).toBe(true);
    expect(changesState([entry(1, true)], 'marketing-email', true)).toBe(false);
    expect(changesState([entry(1, true), entry(2, false)], 'marketing-email', true)).toBe(true);
  });

  it('knows only real purposes', () => {
    expect(isConsentPurpose('marketing-email')).toBe(true);
    for (const p of ['policy-acceptance', 'MARKETING-EMAIL', '', '__proto__', 'toString']) expect(isConsentPurpose(p)).toBe(false);
  });
});
