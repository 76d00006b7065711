import { readFileSync } from 'node:fs';
import path from 'node:path';
import { login as loginThrough, REPO_ROOT, tableDigests, waitFor, withDatabase, type PlatformStack } from '@sargs/testing';

/** The seed policy every consent stack publishes at boot (POLICY_SEED_DIR = policies/privacy). */
export const SEED_VERSION = '2026-11-25';
export const seedText = (language: 'lv' | 'en'): string =>
  readFileSync(path.join(REPO_ROOT, 'policies', 'privacy', SEED_VERSION, `${language}.md`), 'utf8');

export const STAFF = { email: 'dpo.consent@example.test', password: 'staff tilts pār daugavu 9' };

export { newPerson, signUp, waitForEvent, type Person } from '@sargs/testing';

export const login = (stack: PlatformStack, email: string, password: string): Promise<string> => loginThrough(stack.client, email, password);

export function consentDbUrl(stack: PlatformStack): string {
  const db = stack.databases.consent;
  if (!db) throw new Error('consent database missing');
  return db.url;
}

/** consent's ledger rows of one account, in ledger order. */
export async function ledgerOf(stack: PlatformStack, accountId: string) {
  return withDatabase(consentDbUrl(stack), async (pg) =>
    (
      await pg.query<{ sequence: number; purpose: string; granted: boolean; method: string; policy_version: string; policy_sha256: string }>(
        'SELECT sequence, purpose, granted, method, policy_version, policy_sha256 FROM consent_record WHERE account_id = $1 ORDER BY sequence',
        [accountId],
      )
    ).rows,
  );
}

/** Everything consent keeps, one digest per table: any write, however partial, changes it. */
export function consentSnapshot(stack: PlatformStack): Promise<Record<string, string>> {
  return tableDigests(consentDbUrl(stack), {
    policy_version: 't.version',
    policy_text: 't.version, t.language',
    consent_record: 't.id',
    policy_acceptance: 't.account_id, t.policy_version',
    consent_account: 't.account_id',
    pending_signup: 't.account_id',
  });
}

/** Waits until consent has recorded the sign-up of `accountId` (its ledger has a record). */
export function waitForSignupRecord(stack: PlatformStack, accountId: string) {
  return waitFor(() => ledgerOf(stack, accountId), (rows) => rows.length > 0, { timeoutMs: 30_000, what: 'consent to record the sign-up' });
}
