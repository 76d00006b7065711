import { createPublicKey, generateKeyPairSync, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import {
  byEmail,
  login as loginThrough,
  register,
  waitForEvent,
  newPerson,
  scanDatabasesFor,
  signUp,
  startPlatformStack,
  waitFor,
  type Person,
  type PlatformStack,
} from '@sargs/testing';
import type { CertificateKeySetView, ErasureCaseView } from '@sargs/contracts';
import { canonicalCertificate, CertificateKeys, ErasureCertificateSigner, verifyCertificate, type Certificate } from '../src/erasure/erasure-certificate';

const STAFF = { email: 'dpo.retention@example.test', password: 'staff tilts pār daugavu 9' };
const ALL = ['identity', 'profile', 'consent', 'notifications', 'retention'] as const;

/** A person whose name is theirs alone, so a scan for it finds only them. */
function uniquePerson(tag: string): Person {
  const person = newPerson(tag);
  person.name = `Ērika ${tag} ${randomBytes(4).toString('hex')}`;
  return person;
}

describe('closure and erasure across every service (R13-R15, R20)', () => {
  let stack: PlatformStack;
  let staff: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: [...ALL],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000' },
        retention: { ERASURE_SWEEP_INTERVAL_MS: '300', ERASURE_DEADLINE_MS: '4000', ERASURE_MAX_ATTEMPTS: '2' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    staff = await loginThrough(stack.client, STAFF.email, STAFF.password);
  });
  afterAll(() => stack?.stop());

  const erasure = async (caseId: string) => (await stack.client.get(`/admin/erasures/${caseId}`, { session: staff })).body as ErasureCaseView;
  const waitForCase = (caseId: string, status: string, timeoutMs = 60_000) =>
    waitFor(() => erasure(caseId), (c) => c.status === status, { timeoutMs, intervalMs: 200, what: `case ${caseId} ${status}` });
  const closeSelf = async (person: Person, session: string): Promise<string> => {
    const answer = await stack.client.post('/me/closure', { password: person.password }, { session });
    expect(answer.status).toBe(202);
    return (answer.body as { caseId: string }).caseId;
  };
  /** The published certificate keys, fetched as an auditor would: through the gateway, without a session. */
  const publishedKeys = async () => {
    const answer = await stack.client.get('/erasure-certificate-keys');
    expect(answer.status).toBe(200);
    return { body: answer.body as CertificateKeySetView, cacheControl: answer.headers['cache-control'] };
  };
  /** Checks a certificate with nothing but the published keys: the one its kid names. */
  const verifiesWithPublished = (jwks: CertificateKeySetView, certificate: Certificate): boolean => {
    const { signature, ...body } = certificate;
    const jwk = jwks.keys.find((k) => k.kid === signature.kid);
    if (!jwk) return false;
    const key = createPublicKey({ key: jwk as unknown as JsonWebKey, format: 'jwk' });
    return verify(null, canonicalCertificate(body), key, Buffer.from(signature.value, 'base64'));
  };
  /** Waits until every service has taken the person in (the profile and consent rows exist). */
  const settled = (person: Person) =>
    waitFor(() => scanDatabasesFor(stack, [person.email]), (f) => ['identity', 'profile', 'notifications'].every((db) => f.some((x) => x.database === db)), { timeoutMs: 30_000, what: 'every service to know the person' });

  it('refuses login at once, completes the case with every service, and leaves neither address nor name in any database', async () => {
    const person = uniquePerson('erased');
    const { session } = await signUp(stack, person);
    await settled(person);
    const caseId = await closeSelf(person, session);
    expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).status).toBe(401);
    expect((await stack.client.get('/me', { session })).status).toBe(401);

    const done = await waitForCase(caseId, 'completed');
    expect(done.services.map((s) => s.service).sort()).toEqual([...ALL].sort());
    expect(done.services.every((s) => typeof s.erasedAt === 'string')).toBe(true);
    expect(done.missing).toEqual([]);
    expect(done.completedAt).toEqual(expect.any(String));
    expect(await scanDatabasesFor(stack, [person.email, person.name])).toEqual([]);

    const certificate = done.certificate as Certificate;
    // The key served at the public URL, and only it, verifies the certificate; the certificate carries none.
    const { body: jwks, cacheControl } = await publishedKeys();
    expect(cacheControl).toBe('public, max-age=300');
    expect(jwks.keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: certificate.signature.kid, use: 'sig', alg: 'EdDSA' }]);
    expect(Object.keys(certificate.signature).sort()).toEqual(['alg', 'kid', 'value']);
    expect(verifiesWithPublished(jwks, certificate)).toBe(true);
    expect(verifiesWithPublished(jwks, { ...certificate, completedAt: new Date().toISOString() })).toBe(false);
    const text = JSON.stringify(done).toLowerCase();
    expect(text).not.toContain(person.email.toLowerCase());
    expect(text).not.toContain(person.name.toLowerCase());
  });

  it('erases five accounts registered and closed concurrently, and they stay erased after a further wait', async () => {
    const people = Array.from({ length: 5 }, (_, i) => uniquePerson(`five${i}`));
    const sessions = await Promise.all(people.map((p) => signUp(stack, p).then((s) => s.session)));
    await Promise.all(people.map(settled));
    const cases = await Promise.all(people.map((p, i) => closeSelf(p, sessions[i])));
    await Promise.all(cases.map((c) => waitForCase(c, 'completed')));
    const needles = people.flatMap((p) => [p.email, p.name]);
    expect(await scanDatabasesFor(stack, needles)).toEqual([]);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await scanDatabasesFor(stack, needles)).toEqual([]);
  });

  it('lets the same address register again as a new, unrelated account', async () => {
    const person = uniquePerson('again');
    const first = await signUp(stack, person);
    const firstId = ((await stack.client.get('/me', { session: first.session })).body as { id: string }).id;
    await settled(person);
    await waitForCase(await closeSelf(person, first.session), 'completed');
    expect((await register(stack, person)).status).toBe(202);
    const requested = await waitForEvent(stack.events, (e) => e.type === 'EmailVerificationRequested' && byEmail(person.email)(e) && e.subjectId !== firstId, 'the new account');
    expect((await stack.client.post('/accounts/verification', { token: stack.openToken(requested) })).status).toBe(204);
    const session = await loginThrough(stack.client, person.email, person.password);
    const me = (await stack.client.get('/me', { session })).body as { id: string; email: string };
    expect(me.id).not.toBe(firstId);
    expect(me.email).toBe(person.email);
  });

  it('completes a staff closure, and answers 404 for an unknown case and 403 without the role', async () => {
    const person = uniquePerson('staff-closed');
    const { session } = await signUp(stack, person);
    const id = ((await stack.client.get('/me', { session })).body as { id: string }).id;
    await settled(person);
    const closed = await stack.client.post(`/admin/accounts/${id}/closure`, undefined, { session: staff });
    expect(closed.status).toBe(202);
    const done = await waitForCase((closed.body as { caseId: string }).caseId, 'completed');
    expect(done.requestedBy).toBe('staff');
    expect((await stack.client.get('/admin/erasures/00000000-0000-4000-8000-000000000000', { session: staff })).status).toBe(404);
    const other = await signUp(stack, uniquePerson('nosy'));
    expect((await stack.client.get(`/admin/erasures/${(closed.body as { caseId: string }).caseId}`, { session: other.session })).status).toBe(403);
  });

  it('verifies a certificate as issued only when unchanged and signed with its own key; 422 for what is no certificate, 403 without the role', async () => {
    const person = uniquePerson('certified');
    const { session } = await signUp(stack, person);
    await settled(person);
    const done = await waitForCase(await closeSelf(person, session), 'completed');
    const certificate = done.certificate as Certificate;
    const check = async (body: unknown, session_ = staff) => stack.client.post('/admin/erasures/certificate-verification', body, { session: session_ });

    expect(await check({ certificate }).then((a) => [a.status, a.body])).toEqual([200, { valid: true, reason: null }]);
    // Canonical: the order of the services does not matter, their times do.
    expect((await check({ certificate: { ...certificate, services: [...certificate.services].reverse() } })).body).toEqual({ valid: true, reason: null });
    const altered = { ...certificate, services: certificate.services.map((s, i) => (i === 0 ? { ...s, erasedAt: new Date(0).toISOString() } : s)) };
    expect((await check({ certificate: altered })).body).toEqual({ valid: false, reason: 'altered' });
    expect((await check({ certificate: { ...certificate, backupsExpireBy: '2099-01-01T00:00:00.000Z' } })).body).toEqual({ valid: false, reason: 'altered' });
    // Signed properly, but by a key of the caller's own: not this service's certificate.
    const attacker = generateKeyPairSync('ed25519');
    const attackerKeys = new CertificateKeys(attacker.privateKey.export({ format: 'der', type: 'pkcs8' }));
    const { signature: _ours, ...facts } = certificate;
    const forged = new ErasureCertificateSigner(attackerKeys).sign({ ...facts, completedAt: new Date(0).toISOString() });
    expect(verifyCertificate(forged, attackerKeys)).toBe(true);
    expect((await check({ certificate: forged })).body).toEqual({ valid: false, reason: 'unknown-key' });
    // The format from before key ids, with the attacker's public key embedded: never trusted.
    const embedded = { ...forged, signature: { alg: 'Ed25519', publicKey: attacker.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), value: forged.signature.value } };
    expect((await check({ certificate: embedded })).body).toEqual({ valid: false, reason: 'unknown-key' });
    // The attacker's signature under our kid: our key does not verify it.
    expect((await check({ certificate: { ...forged, signature: { ...forged.signature, kid: certificate.signature.kid } } })).body).toEqual({ valid: false, reason: 'altered' });
    expect(verifiesWithPublished((await publishedKeys()).body, forged)).toBe(false);

    const missing = await check({ certificate: { ...certificate, signature: undefined } });
    expect(missing.status).toBe(422);
    expect((missing.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['certificate.signature']);
    expect((await check({ certificate: { ...certificate, note: 'extra' } })).status).toBe(422);
    expect((await check({ certificate: 'text' })).status).toBe(422);
    expect((await check({})).status).toBe(422);
    const other = await signUp(stack, uniquePerson('cert-nosy'));
    expect((await check({ certificate }, other.session)).status).toBe(403);
  });

  describe('legal holds (R20)', () => {
    it('keep the data of a closed account while held (login still refused) and erase it when the hold is removed', async () => {
      const person = uniquePerson('held');
      const { session } = await signUp(stack, person);
      const id = ((await stack.client.get('/me', { session })).body as { id: string }).id;
      await settled(person);
      const placed = await stack.client.post('/admin/legal-holds', { accountId: id, reason: 'Court order 2026/123' }, { session: staff });
      expect(placed.status).toBe(201);
      const holdId = (placed.body as { id: string }).id;

      const caseId = await closeSelf(person, session);
      expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).status).toBe(401);
      await waitForCase(caseId, 'held');
      await new Promise((r) => setTimeout(r, 2_000));
      const kept = await scanDatabasesFor(stack, [person.name]);
      expect(kept.map((f) => f.database)).toEqual(expect.arrayContaining(['identity', 'profile']));
      expect((await erasure(caseId)).status).toBe('held');

      expect((await stack.client.delete(`/admin/legal-holds/${holdId}`, { session: staff })).status).toBe(204);
      expect((await stack.client.delete(`/admin/legal-holds/${holdId}`, { session: staff })).status).toBe(204);
      await waitForCase(caseId, 'completed');
      expect(await scanDatabasesFor(stack, [person.email, person.name])).toEqual([]);
    });

    it('release by themselves when their end date passes', async () => {
      const person = uniquePerson('until');
      const { session } = await signUp(stack, person);
      const id = ((await stack.client.get('/me', { session })).body as { id: string }).id;
      await settled(person);
      const until = new Date(Date.now() + 10_000).toISOString();
      expect((await stack.client.post('/admin/legal-holds', { accountId: id, reason: 'Tax audit', until }, { session: staff })).status).toBe(201);
      const caseId = await closeSelf(person, session);
      await waitForCase(caseId, 'held');
      await waitForCase(caseId, 'completed', 30_000);
      expect(await scanDatabasesFor(stack, [person.email, person.name])).toEqual([]);
    });

    it('refuse a hold on an account already being erased (409) and bad input (422)', async () => {
      const person = uniquePerson('late-hold');
      const { session } = await signUp(stack, person);
      const id = ((await stack.client.get('/me', { session })).body as { id: string }).id;
      await settled(person);
      await waitForCase(await closeSelf(person, session), 'completed');
      expect((await stack.client.post('/admin/legal-holds', { accountId: id, reason: 'Too late' }, { session: staff })).status).toBe(409);
      const bad = await stack.client.post('/admin/legal-holds', { accountId: 'x', reason: '', until: '2000-01-01T00:00:00Z' }, { session: staff });
      expect(bad.status).toBe(422);
      expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['accountId', 'reason', 'until']);
    });
  });

  it('alerts when a participant misses the deadline, and completes the case once it is back', async () => {
    const person = uniquePerson('outage');
    const { session } = await signUp(stack, person);
    await settled(person);
    await stack.processes.profile[0].stop('SIGKILL');
    let caseId = '';
    try {
      caseId = await closeSelf(person, session);
      // Two attempts of 4 s each, then the case fails and says who is missing.
      const failed = await waitForCase(caseId, 'failed', 30_000);
      expect(failed.overdue).toBe(true);
      expect(failed.missing).toEqual(['profile']);
      expect(failed.attempts).toBe(2);
    } finally {
      await stack.processes.profile[0].restart();
    }
    const done = await waitForCase(caseId, 'completed');
    expect(done.missing).toEqual([]);
    expect(await scanDatabasesFor(stack, [person.email, person.name])).toEqual([]);
  });
});
