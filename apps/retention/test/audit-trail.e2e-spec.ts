import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { AuditEventRecorded, type AuditEntryView, type AuditVerificationView, type ErasureCaseView } from '@sargs/contracts';
import {
  createTestDatabase,
  encodeHostile,
  hostileString,
  login,
  newPerson,
  signUp,
  startPlatformStack,
  startTestService,
  usedSecrets,
  waitFor,
  withDatabase,
  type ApiClient,
  type PlatformStack,
  type TestDatabase,
  type TestService,
} from '@sargs/testing';

const ADMIN = { email: 'admin.audit@example.test', password: 'ziema nāk pār jūru 7' };
const SERVICES = ['identity', 'profile', 'retention'] as const;
const HOLDS = 1000;

describe('the audit trail: one hash chain of every staff action and security event (R27)', () => {
  let stack: PlatformStack;
  let admin: string;
  let adminId: string;
  let probeDb: TestDatabase;
  let probe: TestService;
  const names: string[] = [];

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: [...SERVICES],
      // Two retention instances consume audit.v1 as one group (partitions split between them);
      // gateway i forwards to retention instance i.
      instances: { retention: 2 },
      gatewayInstances: 2,
      env: {
        identity: { SARGS_ADMIN_EMAIL: ADMIN.email, SARGS_ADMIN_PASSWORD: ADMIN.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000' },
        retention: { ERASURE_SWEEP_INTERVAL_MS: '300' },
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
      },
    });
    admin = await login(stack.client, ADMIN.email, ADMIN.password);
    adminId = ((await stack.client.get('/me', { session: admin })).body as { id: string }).id;
    // A producer of our own on the stack's broker: for redelivering one event on purpose.
    probeDb = await createTestDatabase('audit_probe');
    probe = await startTestService({ name: `audit-probe-${randomBytes(3).toString('hex')}`, databaseUrl: probeDb.url, kafka: stack.kafka });
  });
  afterAll(async () => {
    await probe?.close();
    await probeDb?.drop();
    await stack?.stop();
  });

  const retentionDb = () => stack.databases.retention?.url as string;
  const verification = async (client: ApiClient = stack.client) => {
    const answer = await client.get('/admin/audit/verification', { session: admin });
    expect(answer.status).toBe(200);
    return answer.body as AuditVerificationView;
  };
  const entries = async (query: string, session = admin) => {
    const answer = await stack.client.get(`/admin/audit?${query}`, { session });
    expect(answer.status).toBe(200);
    return answer.body as AuditEntryView[];
  };
  const placeHold = async (client: ApiClient, accountId: string) => {
    const answer = await client.post('/admin/legal-holds', { accountId, reason: 'Tiesas lieta C-12/2026' }, { session: admin });
    expect(answer.status).toBe(201);
    return (answer.body as { id: string }).id;
  };
  /** As a superuser with triggers off: what an attacker with the database itself could do. */
  const asSuperuser = (sql: string, params: unknown[] = []) =>
    withDatabase(retentionDb(), async (pg) => {
      await pg.query(`SET session_replication_role = replica`);
      return (await pg.query(sql, params)).rows as Record<string, unknown>[];
    });

  it(`keeps one unbroken chain through ${HOLDS} concurrent staff actions on two retention instances`, async () => {
    const accounts = Array.from({ length: HOLDS }, () => randomUUID());
    const holdIds: string[] = [];
    for (let i = 0; i < HOLDS; i += 50) {
      holdIds.push(...(await Promise.all(accounts.slice(i, i + 50).map((account, j) => placeHold(stack.clients[(i + j) % 2], account)))));
    }
    const placed = await waitFor(
      () => withDatabase(retentionDb(), async (pg) => (await pg.query(`SELECT reference FROM audit_entry WHERE action = 'legal-hold.placed'`)).rows as { reference: string }[]),
      (rows) => rows.length >= HOLDS,
      { timeoutMs: 120_000, intervalMs: 500, what: `${HOLDS} legal-hold.placed entries` },
    );
    // Each action once: none lost, none doubled.
    expect(placed.map((r) => r.reference).sort()).toEqual([...holdIds].sort());
    const [positions] = await withDatabase(retentionDb(), async (pg) => (await pg.query(`SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi FROM audit_entry`)).rows);
    expect(positions).toEqual({ n: positions.hi, lo: 1, hi: positions.hi });
    // Both instances answer the verification with the same verdict.
    const [first, second] = await Promise.all([verification(stack.clients[0]), verification(stack.clients[1])]);
    expect(first).toMatchObject({ valid: true, firstBroken: null, entries: positions.hi });
    expect(second).toMatchObject({ valid: true, entries: first.entries, head: first.head });
    // Who placed them is in every entry.
    const page = await entries(`action=legal-hold.placed&limit=5`);
    expect(page).toHaveLength(5);
    for (const entry of page) expect(entry).toMatchObject({ actor: adminId, category: 'staff', service: 'retention', subject: expect.any(String) });
  });

  it('answers newest first, filters by actor, action, subject and time, and pages through a Link header', async () => {
    const accountId = randomUUID();
    const holdId = await placeHold(stack.client, accountId);
    expect((await stack.client.delete(`/admin/legal-holds/${holdId}`, { session: admin })).status).toBe(204);
    const about = await waitFor(() => entries(`subject=${accountId}`), (e) => e.length === 2, { timeoutMs: 30_000, what: 'both entries about the account' });
    expect(about.map((e) => e.action)).toEqual(['legal-hold.lifted', 'legal-hold.placed']);
    expect(about.every((e) => e.reference === holdId && e.actor === adminId)).toBe(true);
    // Each entry links to the one before it in the chain.
    const [lifted, placedEntry] = about;
    expect(lifted.seq).toBeGreaterThan(placedEntry.seq);
    expect(Date.parse(lifted.at)).toBeGreaterThanOrEqual(Date.parse(placedEntry.at));

    expect((await entries(`actor=${adminId}&action=legal-hold.lifted`)).map((e) => e.reference)).toContain(holdId);
    expect(await entries(`actor=${randomUUID()}`)).toEqual([]);
    expect(await entries(`subject=${accountId}&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect((await entries(`subject=${accountId}&until=${encodeURIComponent(lifted.at)}`)).map((e) => e.action)).toEqual(
      Date.parse(lifted.at) > Date.parse(placedEntry.at) ? ['legal-hold.placed'] : [],
    );

    // Paging: 3 per page over every lifted/placed entry of the admin; every entry once, in order.
    const all = await entries(`actor=${adminId}&limit=200`);
    const seen: AuditEntryView[] = [];
    let next: string | undefined = `/admin/audit?actor=${adminId}&limit=3`;
    for (let pages = 0; next && seen.length < 9; pages++) {
      const answer = await stack.client.get(next, { session: admin });
      expect(answer.status).toBe(200);
      seen.push(...(answer.body as AuditEntryView[]));
      const link = answer.headers.link as string | undefined;
      expect(link).toMatch(/^<\/api\/v1\/admin\/audit\?[^>]+>; rel="next"$/);
      next = link ? /^<\/api\/v1([^>]+)>/.exec(link)?.[1] : undefined;
    }
    expect(seen.map((e) => e.id)).toEqual(all.slice(0, seen.length).map((e) => e.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
  });

  it('refuses bad filters with 422 naming the field, a user with 403 and no session with 401', async () => {
    for (const [query, field] of [
      ['actor=nobody', 'actor'],
      ['action=account.deleted', 'action'],
      ['since=yesterday', 'since'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=!!', 'cursor'],
      [`cursor=${Buffer.from('not|a|cursor').toString('base64url')}`, 'cursor'],
      ['subject=%00', 'subject'],
    ]) {
      const answer = await stack.client.get(`/admin/audit?${query}`, { session: admin });
      expect(answer.status).toBe(422);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((answer.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
    const user = await signUp(stack, newPerson('audit-user'));
    for (const path of ['/admin/audit', '/admin/audit/verification']) {
      expect((await stack.client.get(path, { session: user.session })).status).toBe(403);
      expect((await stack.client.get(path)).status).toBe(401);
    }
  });

  it('gives a dpo the same trail as an admin', async () => {
    const person = newPerson('audit-dpo');
    const dpo = await signUp(stack, person);
    const granted = await stack.client.put(`/admin/accounts/${dpo.accountId}/roles`, { roles: ['dpo'] }, { session: admin });
    expect(granted.status).toBe(200);
    const session = await login(stack.client, person.email, person.password);
    const roleChange = await waitFor(() => entries(`action=account.roles-changed&subject=${dpo.accountId}`), (e) => e.length === 1, { timeoutMs: 30_000, what: 'the role change entry' });
    expect(roleChange[0]).toMatchObject({ actor: adminId, roles: expect.arrayContaining(['dpo']), service: 'identity' });
    expect((await stack.client.get('/admin/audit?limit=1', { session })).status).toBe(200);
    expect((await stack.client.get('/admin/audit/verification', { session })).body).toMatchObject({ valid: true });
  });

  it('appends a redelivered event once', async () => {
    const key = `audit:${randomUUID()}`;
    const subject = randomUUID();
    const publish = (reference: string) =>
      probe.dataSource.transaction((manager) =>
        probe.publisher.publish(manager, AuditEventRecorded.retention, key, {
          action: 'backup.taken', actorId: adminId, subject, reference, service: 'retention', occurredAt: new Date().toISOString(),
        }),
      );
    const original = await publish('first');
    await waitFor(() => entries(`subject=${subject}`), (e) => e.length === 1, { timeoutMs: 30_000, what: 'the original entry' });
    // The relay sends the same envelope (same event id, same key, same partition) again, then a marker behind it.
    await probe.dataSource.query(`UPDATE outbox_message SET sent_at = NULL WHERE event_id = $1`, [original.eventId]);
    await waitFor(() => probe.dataSource.query(`SELECT sent_at FROM outbox_message WHERE event_id = $1`, [original.eventId]), (r) => r[0]?.sent_at !== null, { what: 'the resend' });
    await publish('marker');
    const about = await waitFor(() => entries(`subject=${subject}`), (e) => e.length >= 2, { timeoutMs: 30_000, what: 'the marker entry' });
    expect(about.map((e) => e.reference)).toEqual(['marker', 'first']);
    expect(about.filter((e) => e.id === original.eventId)).toHaveLength(1);
    expect((await verification()).valid).toBe(true);
  });

  it('shows a changed, removed or truncated entry, naming the first broken one; the table itself refuses changes', async () => {
    const before = await verification();
    expect(before.valid).toBe(true);
    const [target] = await asSuperuser(`SELECT * FROM audit_entry ORDER BY seq LIMIT 1 OFFSET 10`);
    const seq = Number(target.seq);

    // Without turning triggers off, the service's own role cannot change or remove an entry.
    await expect(withDatabase(retentionDb(), (pg) => pg.query(`UPDATE audit_entry SET action = 'backup.taken' WHERE seq = $1`, [seq]))).rejects.toThrow(/append-only/);
    await expect(withDatabase(retentionDb(), (pg) => pg.query(`DELETE FROM audit_entry WHERE seq = $1`, [seq]))).rejects.toThrow(/append-only/);
    await expect(withDatabase(retentionDb(), (pg) => pg.query(`TRUNCATE audit_entry`))).rejects.toThrow(/append-only/);

    await asSuperuser(`UPDATE audit_entry SET actor = $2 WHERE seq = $1`, [seq, randomUUID()]);
    expect(await verification()).toMatchObject({ valid: false, firstBroken: { seq, id: target.id, reason: expect.stringMatching(/content/) } });
    await asSuperuser(`UPDATE audit_entry SET actor = $2 WHERE seq = $1`, [seq, target.actor]);
    expect((await verification()).valid).toBe(true);

    await asSuperuser(`DELETE FROM audit_entry WHERE seq = $1`, [seq]);
    const [after] = await asSuperuser(`SELECT id FROM audit_entry WHERE seq = $1`, [seq + 1]);
    expect(await verification()).toMatchObject({ valid: false, firstBroken: { seq: seq + 1, id: after.id, reason: expect.stringMatching(/missing/) } });
    const columns = Object.keys(target);
    await asSuperuser(`INSERT INTO audit_entry (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => target[c]));
    expect((await verification()).valid).toBe(true);

    // Rewriting an entry and its hash does not help: the next entry's link no longer holds.
    await asSuperuser(`UPDATE audit_entry SET action = 'backup.taken', hash = repeat('a', 64) WHERE seq = $1`, [seq]);
    expect(await verification()).toMatchObject({ valid: false, firstBroken: { seq } });
    await asSuperuser(`UPDATE audit_entry SET action = $2, hash = $3 WHERE seq = $1`, [seq, target.action, target.hash]);

    // Removing the newest entry shows through the chain head.
    const [last] = await asSuperuser(`SELECT * FROM audit_entry ORDER BY seq DESC LIMIT 1`);
    await asSuperuser(`DELETE FROM audit_entry WHERE seq = $1`, [last.seq]);
    expect(await verification()).toMatchObject({ valid: false, firstBroken: { seq: Number(last.seq), id: null } });
    const lastColumns = Object.keys(last);
    await asSuperuser(`INSERT INTO audit_entry (${lastColumns.join(', ')}) VALUES (${lastColumns.map((_, i) => `$${i + 1}`).join(', ')})`, lastColumns.map((c) => last[c]));
    expect((await verification()).valid).toBe(true);
  });

  it("keeps a person's entries through their erasure, pseudonymised, and the chain stays valid", async () => {
    const person = newPerson('audit-erased');
    person.name = `Ērika Audite ${randomBytes(3).toString('hex')}`;
    names.push(person.name);
    const { accountId } = await signUp(stack, person);
    const holdId = await placeHold(stack.client, accountId);
    expect((await stack.client.delete(`/admin/legal-holds/${holdId}`, { session: admin })).status).toBe(204);
    // A security event the person caused themselves: they are actor and subject.
    await probe.dataSource.transaction((manager) =>
      probe.publisher.publish(manager, AuditEventRecorded.identity, `audit:${randomUUID()}`, {
        action: 'password.reset-completed', actorId: accountId, subject: accountId, reference: null, service: 'identity', occurredAt: new Date().toISOString(),
      }),
    );
    await waitFor(() => entries(`subject=${accountId}`), (e) => e.length === 3, { timeoutMs: 30_000, what: 'three entries about the person' });

    const closed = await stack.client.post(`/admin/accounts/${accountId}/closure`, undefined, { session: admin });
    expect(closed.status).toBe(202);
    const { caseId } = closed.body as { caseId: string };
    await waitFor(async () => (await stack.client.get(`/admin/erasures/${caseId}`, { session: admin })).body as ErasureCaseView, (c) => c.status === 'completed', {
      timeoutMs: 60_000,
      intervalMs: 300,
      what: 'the erasure to complete',
    });
    // The staff closure itself is in the trail, with the staff member as actor and the case as reference.
    const closure = await waitFor(() => entries(`action=account.closed-by-staff&actor=${adminId}`), (e) => e.some((x) => x.reference === caseId), { timeoutMs: 30_000, what: 'the closure entry' });
    const closureEntry = closure.find((x) => x.reference === caseId) as AuditEntryView;

    expect(await entries(`subject=${accountId}`)).toEqual([]);
    const kept = await withDatabase(retentionDb(), async (pg) =>
      (await pg.query(`SELECT seq, actor, subject, action FROM audit_entry WHERE reference = $1 OR id = ANY($2) OR (action = 'password.reset-completed' AND subject LIKE 'pseud:%') ORDER BY seq`, [holdId, [closureEntry.id]])).rows as { actor: string; subject: string; action: string }[],
    );
    expect(kept.map((e) => e.action)).toEqual(expect.arrayContaining(['legal-hold.placed', 'legal-hold.lifted', 'account.closed-by-staff', 'password.reset-completed']));
    const pseudonym = kept[0].subject;
    expect(pseudonym).toMatch(/^pseud:[0-9a-f]{32}$/);
    expect(kept.every((e) => e.subject === pseudonym)).toBe(true);
    // The staff member stays named; the person, where they acted themselves, does not.
    expect(kept.find((e) => e.action === 'legal-hold.placed')?.actor).toBe(adminId);
    expect(kept.find((e) => e.action === 'password.reset-completed')?.actor).toBe(pseudonym);
    const scan = await withDatabase(retentionDb(), async (pg) => (await pg.query(`SELECT count(*)::int AS n FROM audit_entry t WHERE t::text LIKE '%' || $1 || '%'`, [accountId])).rows[0].n);
    expect(scan).toBe(0);
    expect(await verification()).toMatchObject({ valid: true, firstBroken: null });
  });

  it('never answers a hostile query with a 5xx', async () => {
    const hostile = hostileString([adminId, 'legal-hold.placed', '2026-01-01T00:00:00Z', "x' OR '1'='1"]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('actor', 'action', 'subject', 'since', 'until', 'limit', 'cursor', 'x', 'actor[]'), hostile, async (name, value) => {
        const answer = await stack.client.get(`/admin/audit?${name}=${encodeHostile(value)}&${name}=${encodeHostile(value)}`, { session: admin });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        const single = await stack.client.get(`/admin/audit?${name}=${encodeHostile(value)}`, { session: admin });
        expect(single.status).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
    const verify = await stack.client.get(`/admin/audit/verification?${encodeHostile('a=%ZZ')}`, { session: admin });
    expect(verify.status).toBeLessThan(500);
  });

  it('holds no address, name, password or session in any entry', async () => {
    const text = await withDatabase(retentionDb(), async (pg) => (await pg.query(`SELECT coalesce(string_agg(t::text, ' '), '') AS all FROM audit_entry t`)).rows[0].all as string);
    expect(text.length).toBeGreaterThan(0);
    const lower = text.toLowerCase();
    for (const secret of [...usedSecrets, ...names, ADMIN.email, ADMIN.password]) expect(lower).not.toContain(secret.toLowerCase());
    expect(lower).not.toContain('@');
  });
});
