import { CONSENT_PURPOSES, type CONSENT_METHODS, type ConsentPurpose } from '@sargs/contracts';

export type { ConsentPurpose } from '@sargs/contracts';
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** One ledger record as the ledger logic needs it. */
export interface LedgerEntry {
  sequence: number;
  purpose: ConsentPurpose;
  granted: boolean;
  method: ConsentMethod;
  policyVersion: string;
  policySha256: string;
  recordedAt: Date;
}

export interface PurposeState {
  purpose: ConsentPurpose;
  granted: boolean;
  policyVersion: string | null;
  updatedAt: string | null;
}

export function isConsentPurpose(value: string): value is ConsentPurpose {
  return (CONSENT_PURPOSES as readonly string[]).includes(value);
}

/** The record that decides a purpose's state: the one with the highest sequence, whatever the order given. */
export function latestFor(entries: readonly LedgerEntry[], purpose: ConsentPurpose): LedgerEntry | undefined {
  let latest: LedgerEntry | undefined;
  for (const entry of entries) if (entry.purpose === purpose && (!latest || entry.sequence > latest.sequence)) latest = entry;
  return latest;
}

/**
 * The current state of every purpose, derived from the ledger (never stored): the latest record
 * per purpose; a purpose never chosen is not granted.
 */
export function currentState(entries: readonly LedgerEntry[]): PurposeState[] {
  return CONSENT_PURPOSES.map((purpose) => {
    const latest = latestFor(entries, purpose);
    return {
      purpose,
      granted: latest?.granted ?? false,
      policyVersion: latest?.policyVersion ?? null,
      updatedAt: latest ? latest.recordedAt.toISOString() : null,
    };
  });
}

/** Whether recording `granted` would change anything: writing the state already in force is a no-op. */
export function changesState(entries: readonly LedgerEntry[], purpose: ConsentPurpose, granted: boolean): boolean {
  return (latestFor(entries, purpose)?.granted ?? false) !== granted;
}

/** The next sequence number of a person's ledger. */
export function nextSequence(entries: readonly LedgerEntry[]): number {
  return entries.reduce((max, e) => Math.max(max, e.sequence), 0) + 1;
}

/** The ledger as GET /me/consents shows it: newest first. */
export function historyNewestFirst(entries: readonly LedgerEntry[]) {
  return [...entries]
    .sort((a, b) => b.sequence - a.sequence)
    .map((e) => ({
      purpose: e.purpose,
      granted: e.granted,
      method: e.method,
      policyVersion: e.policyVersion,
      policySha256: e.policySha256,
      at: e.recordedAt.toISOString(),
    }));
}
