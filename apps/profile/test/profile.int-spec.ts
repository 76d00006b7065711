import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { AccountRegistered, ErasureRequested, profileView, type Language } from '@sargs/contracts';
import { INTERNAL_ASSERTION_HEADER, signAssertion } from '@sargs/platform/auth-assertion';
import { metricsRegistry } from '@sargs/platform/observability';
import { createTestDatabase, startTestService, waitFor, type TestDatabase, type TestService } from '@sargs/testing';
import { Profile } from '../src/profiles/profile.entity';
import { startProfileHttpService, type ProfileHttpService } from './support/profile-http-service';

describe('the profile service on a real PostgreSQL and Kafka', () => {
  const run = randomUUID().slice(0, 8);
  const service = `profile-${run}`;
  // The gateway's signing key: the service gets only the public half, as in production.
  const gateway = generateKeyPairSync('ed25519');
  let identityDb: TestDatabase;
  let profileDb: TestDatabase;
  /** Stands in for identity: publishes account events through a real outbox and relay. */
  let identity: TestService;
  let profile: ProfileHttpService;

  beforeAll(async () => {
    identityDb = await createTestDatabase('profile_identity');
    profileDb = await createTestDatabase('profile');
    identity = await startTestService({ name: `identity-${run}`, databaseUrl: identityDb.url });
    profile = await startProfileHttpService(service, {
      DATABASE_URL: profileDb.url,
      INTERNAL_ASSERTION_PUBLIC_KEY: gateway.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    });
  });

  afterAll(async () => {
    await profile?.close();
    await identity?.close();
    await profileDb?.drop();
    await identityDb?.drop();
  });

  async function register(accountId: string, name: string, language: Language = 'lv'): Promise<string> {
    const event = await identity.dataSource.transaction((manager) =>
      identity.publisher.publish(manager, AccountRegistered, accountId, {
        accountId,
        email: `${accountId.slice(0, 8)}@example.test`,
        name,
        language,
        acceptedPolicyVersion: '1',
        marketingEmails: false,
        registeredAt: new Date().toISOString(),
      }),
    );
    return event.eventId;
  }

  const profilesOf = (accountId: string) => profile.dataSource.getRepository(Profile).findBy({ accountId });

  const inboxOutcome = async (eventId: string): Promise<string | undefined> => {
    const rows: { outcome: string }[] = await profile.dataSource.query(`SELECT outcome FROM inbox_record WHERE event_id = $1`, [eventId]);
    return rows[0]?.outcome;
  };

  /** GET /me/profile as the gateway forwards it: with an assertion for this service, or none. */
  function getProfile(claims?: { sub?: string }): Promise<Response> {
    const headers: Record<string, string> = claims
      ? { [INTERNAL_ASSERTION_HEADER]: signAssertion(gateway.privateKey, { roles: ['user'], aud: service, ...claims }) }
      : {};
    return fetch(`${profile.url}/me/profile`, { headers });
  }

  async function duplicatesSeen(): Promise<number> {
    // In process, so the process registry itself (the management port serves the same text).
    const metrics = await metricsRegistry.metrics();
    const line = metrics.split('\n').find((l) => l.startsWith('sargs_consumer_events_total{') && l.includes('topic="identity.account.v1"') && l.includes('outcome="duplicate"'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  it('creates the profile from AccountRegistered and shows it to its owner', async () => {
    const accountId = randomUUID();
    await register(accountId, 'Jānis Bērziņš', 'lv');
    await waitFor(() => profilesOf(accountId), (rows) => rows.length === 1, { what: 'the profile' });

    const answer = await getProfile({ sub: accountId });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    const body: unknown = await answer.json();
    expect(body).toEqual({ name: 'Jānis Bērziņš', email: `${accountId.slice(0, 8)}@example.test`, language: 'lv' });
    expect(profileView.safeParse(body).success).toBe(true);
  });

  it('keeps one profile when the registration is delivered again, or announced again', async () => {
    const accountId = randomUUID();
    const eventId = await register(accountId, 'Līga Kalniņa', 'en');
    await waitFor(() => profilesOf(accountId), (rows) => rows.length === 1, { what: 'the profile' });
    const duplicatesBefore = await duplicatesSeen();

    // The very same message again, as after a relay crash between send and mark.
    await identity.dataSource.query(`UPDATE outbox_message SET sent_at = NULL WHERE event_id = $1`, [eventId]);
    // Then a second registration of the account under a new event id, which the inbox cannot
    // recognise: same key, so it arrives after the redelivery and marks that it was handled.
    const markerId = await register(accountId, 'Someone Else');
    await waitFor(() => inboxOutcome(markerId), (outcome) => outcome !== undefined, { what: 'the second registration' });

    expect(await duplicatesSeen()).toBeGreaterThan(duplicatesBefore);
    expect(await inboxOutcome(eventId)).toBe('processed');
    const rows = await profilesOf(accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'Līga Kalniņa', language: 'en' });
  });

  it('answers 401 problem+json without an assertion, or with one that names no account', async () => {
    for (const answer of [await getProfile(), await getProfile({})]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(await answer.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it("answers 404 problem+json to an account that has no profile, and never shows another's", async () => {
    const owner = randomUUID();
    await register(owner, 'Anna Liepa');
    await waitFor(() => profilesOf(owner), (rows) => rows.length === 1, { what: 'the profile' });

    const answer = await getProfile({ sub: randomUUID() });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const body = await answer.text();
    expect(JSON.parse(body)).toMatchObject({ status: 404, title: 'Not Found' });
    expect(body).not.toContain('Anna');
  });

  it('deletes the profile on erasure, and a late registration does not bring it back (R15)', async () => {
    const accountId = randomUUID();
    await register(accountId, 'Pēteris Ozols');
    await waitFor(() => profilesOf(accountId), (rows) => rows.length === 1, { what: 'the profile' });

    await identity.dataSource.transaction((manager) =>
      identity.publisher.publish(manager, ErasureRequested, accountId, { caseId: randomUUID(), subjectId: accountId, requestedAt: new Date().toISOString() }),
    );
    await waitFor(() => profilesOf(accountId), (rows) => rows.length === 0, { what: 'the profile to be erased' });
    expect((await getProfile({ sub: accountId })).status).toBe(404);

    const late = await register(accountId, 'Pēteris Ozols');
    await waitFor(() => inboxOutcome(late), (outcome) => outcome !== undefined, { what: 'the late registration' });
    expect(await inboxOutcome(late)).toBe('dropped-erased');
    expect(await profilesOf(accountId)).toHaveLength(0);
  });
});
