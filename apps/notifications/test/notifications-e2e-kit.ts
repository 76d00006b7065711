import {
  login as loginThrough,
  newPerson,
  register,
  tokenFromMail,
  withDatabase,
  type CaughtMail,
  type Person,
  type PlatformStack,
} from '@sargs/testing';

export const STAFF = { email: 'dpo.notifications@example.test', password: 'staff tilts pār daugavu 9' };

export const login = (stack: PlatformStack, email: string, password: string): Promise<string> => loginThrough(stack.client, email, password);

export const template = (name: string) => (mail: CaughtMail) => mail.headers['x-sargs-template'] === name;

/** Signs up through the gateway and verifies with the link from the mail, as a person would. */
export async function signUpByMail(stack: PlatformStack, person: Person, extra: Record<string, unknown> = {}): Promise<{ session: string; verification: CaughtMail }> {
  const answer = await register(stack, person, extra);
  if (answer.status !== 202) throw new Error(`sign-up answered ${answer.status}: ${answer.text}`);
  const verification = await stack.mail.waitForMail(person.email, template('verify-email'));
  const verified = await stack.client.post('/accounts/verification', { token: tokenFromMail(verification, '/verify-email') });
  if (verified.status !== 204) throw new Error(`verification answered ${verified.status}: ${verified.text}`);
  return { session: await login(stack, person.email, person.password), verification };
}

/** The account id behind a session (GET /me). */
export async function accountIdOf(stack: PlatformStack, session: string): Promise<string> {
  return ((await stack.client.get('/me', { session })).body as { id: string }).id;
}

/** Waits until notifications' directory knows the account as verified (events travel asynchronously). */
export async function waitForRecipient(stack: PlatformStack, accountId: string, check: (row: Record<string, unknown>) => boolean = (r) => r.email_verified === true): Promise<void> {
  const url = notificationsDbUrl(stack);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const row = await withDatabase(url, async (pg) => (await pg.query('SELECT * FROM recipient WHERE account_id = $1', [accountId])).rows[0] as Record<string, unknown> | undefined);
    if (row && check(row)) return;
    if (Date.now() > deadline) throw new Error(`notifications' directory did not catch up with ${accountId}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function notificationsDbUrl(stack: PlatformStack): string {
  const db = stack.databases.notifications;
  if (!db) throw new Error('notifications database missing');
  return db.url;
}

export { newPerson, type Person };
