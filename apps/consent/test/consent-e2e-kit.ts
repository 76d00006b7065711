import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EventEnvelope } from '@sargs/contracts';
import { REPO_ROOT, sessionCookie, waitFor, withDatabase, type PlatformStack } from '@sargs/testing';

/** The seed policy every consent stack publishes at boot (POLICY_SEED_DIR = policies/privacy). */
export const SEED_VERSION = '2026-11-25';
export const seedText = (language: 'lv' | 'en'): string =>
  readFileSync(path.join(REPO_ROOT, 'policies', 'privacy', SEED_VERSION, `${language}.md`), 'utf8');

export const STAFF = { email: 'dpo.consent@example.test', password: 'staff tilts pār daugavu 9' };

export function newPerson(tag = 'p') {
  const id = randomBytes(5).toString('hex');
  return { name: 'Anna Bērziņa', email: `${tag}.${id}@example.test`, password: `lapsa mežā ${randomBytes(4).toString('base64url')} skrien` };
}
export type Person = ReturnType<typeof newPerson>;

export function waitForEvent(events: EventEnvelope[], match: (e: EventEnvelope) => boolean, what: string): Promise<EventEnvelope> {
  return waitFor(async () => events.find(match), (e) => e !== undefined, { timeoutMs: 30_000, what }) as Promise<EventEnvelope>;
}

/** Signs up (with extra fields), verifies through the sealed token, logs in: the account id and session. */
export async function signUp(stack: PlatformStack, person: Person, extra: Record<string, unknown> = {}): Promise<{ accountId: string; session: string }> {
  const answer = await stack.client.post('/accounts', {
    name: person.name,
    email: person.email,
    password: person.password,
    acceptedPolicyVersion: await stack.currentPolicyVersion(),
    ...extra,
  });
  if (answer.status !== 202) throw new Error(`sign-up answered ${answer.status}: ${answer.text}`);
  const requested = await waitForEvent(
    stack.events,
    (e) => e.type === 'EmailVerificationRequested' && (e.payload as { email?: string }).email === person.email,
    'EmailVerificationRequested',
  );
  const verified = await stack.client.post('/accounts/verification', { token: stack.openToken(requested) });
  if (verified.status !== 204) throw new Error(`verification answered ${verified.status}: ${verified.text}`);
  return { accountId: requested.subjectId, session: await login(stack, person.email, person.password) };
}

export async function login(stack: PlatformStack, email: string, password: string): Promise<string> {
  const answer = await stack.client.post('/sessions', { email, password });
  const sid = sessionCookie(answer);
  if (answer.status !== 200 || !sid) throw new Error(`login answered ${answer.status}: ${answer.text}`);
  return sid;
}

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
export async function consentSnapshot(stack: PlatformStack): Promise<Record<string, string>> {
  return withDatabase(consentDbUrl(stack), async (pg) => {
    const digest = (table: string, order: string) => `(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY ${order}), '')) FROM ${table} t) AS ${table}`;
    const sql = `SELECT ${[
      digest('policy_version', 't.version'),
      digest('policy_text', 't.version, t.language'),
      digest('consent_record', 't.id'),
      digest('policy_acceptance', 't.account_id, t.policy_version'),
      digest('consent_account', 't.account_id'),
      digest('pending_signup', 't.account_id'),
    ].join(', ')}, (SELECT count(*) FROM outbox_message) AS outbox`;
    return (await pg.query(sql)).rows[0] as Record<string, string>;
  });
}

/** Waits until consent has recorded the sign-up of `accountId` (its ledger has a record). */
export function waitForSignupRecord(stack: PlatformStack, accountId: string) {
  return waitFor(() => ledgerOf(stack, accountId), (rows) => rows.length > 0, { timeoutMs: 30_000, what: 'consent to record the sign-up' });
}
