import type { Language } from '@sargs/contracts';

export interface ProfileHalf {
  name: string;
  language: Language;
}

/** Accounts remembered at most; beyond, the oldest is forgotten (its copy is then at worst one event behind). */
const MAX_ACCOUNTS = 10_000;

/**
 * Profile changes this gateway relayed (PATCH /me/profile, the language preference) that
 * identity's copy of the name and language may not show yet: identity hears of them from
 * ProfileChanged a moment later. Until a session answer shows the same name and language, GET /me
 * of that account asks profile itself, so a person always reads back their own change here.
 */
export class RelayedProfileChanges {
  private readonly expected = new Map<string, ProfileHalf>();

  relayed(accountId: string, profile: ProfileHalf): void {
    this.expected.delete(accountId);
    if (this.expected.size >= MAX_ACCOUNTS) this.expected.delete(this.expected.keys().next().value as string);
    this.expected.set(accountId, { name: profile.name, language: profile.language });
  }

  /** Whether identity's copy is as new as every change relayed here; forgets the change once it is. */
  copyIsCurrent(accountId: string, copy: ProfileHalf): boolean {
    const expected = this.expected.get(accountId);
    if (!expected) return true;
    if (expected.name !== copy.name || expected.language !== copy.language) return false;
    this.expected.delete(accountId);
    return true;
  }
}
