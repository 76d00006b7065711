import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench, type BenchService, type PlatformUnderBench, type SeededAccount } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';

/** Every service that holds personal data: retention's PRIVACY_PARTICIPANTS is the started ones. */
const SERVICES: readonly BenchService[] = ['identity', 'profile', 'consent', 'notifications', 'retention'];
const CLOSURES = 200;
const CLOSURE_CONCURRENCY = 20;
const EXPORTS = 50;
const EXPORT_CONCURRENCY = 10;
/** Logins are argon2-bound and not measured: a few at a time. */
const LOGIN_CONCURRENCY = 4;
/** How often retention's database is asked which of the open cases and exports are done. */
const POLL_MS = 50;
const CASE_TIMEOUT_MS = 60_000;
const EXPORT_TIMEOUT_MS = 60_000;
const TARGET_P99_MS = 5_000;
const PASSWORD = 'bench erasure passphrase 4417';
/** identity's first staff account (SARGS_ADMIN_*): the password policy refuses words of the address or name. */
const STAFF = { email: 'erasure-operator@example.test', password: 'bench staff tilts pār daugavu 9' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Waiter {
  resolve(atMs: number): void;
  reject(err: Error): void;
  deadline: number;
  timeoutMs: number;
  what: string;
}

type Outcome = { atMs: number } | { failed: string };

/**
 * Polls retention's database every POLL_MS for the ids still awaited (one query for all of them)
 * and resolves each with the completion time retention recorded, in ms since the epoch.
 */
class CompletionWatcher {
  private readonly waiting = new Map<string, Waiter>();
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(private readonly lookup: (ids: string[]) => Promise<Map<string, Outcome>>) {
    this.loop = this.run();
  }

  wait(id: string, timeoutMs: number, what: string): Promise<number> {
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject, deadline: Date.now() + timeoutMs, timeoutMs, what }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    for (const [id, w] of this.waiting) w.reject(new Error(`${w.what} ${id}: the bench stopped watching`));
    this.waiting.clear();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await sleep(POLL_MS);
      if (this.waiting.size === 0) continue;
      let found: Map<string, Outcome>;
      try {
        found = await this.lookup([...this.waiting.keys()]);
      } catch (err) {
        for (const w of this.waiting.values()) w.reject(err as Error);
        this.waiting.clear();
        continue;
      }
      const now = Date.now();
      for (const [id, w] of this.waiting) {
        const outcome = found.get(id);
        if (outcome && 'atMs' in outcome) w.resolve(outcome.atMs);
        else if (outcome) w.reject(new Error(`${w.what} ${id} ${outcome.failed}`));
        else if (now > w.deadline) w.reject(new Error(`${w.what} ${id} not done within ${w.timeoutMs / 1000} s`));
        else continue;
        this.waiting.delete(id);
      }
    }
  }
}

/** `work` over `items` by `concurrency` workers; after the first failure no new item starts, and that failure is thrown. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: Error | undefined;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!failure && next < items.length) {
        const item = items[next++];
        await work(item).catch((err: Error) => {
          failure ??= err;
        });
      }
    }),
  );
  if (failure) throw failure;
}

interface Timed {
  id: string;
  sentAt: number;
  /** The POST's own answer time. */
  answerMs: number;
  /** Sent to done (retention's completion time). */
  totalMs: number;
}

const caseLookup =
  (pg: Client) =>
  async (ids: string[]): Promise<Map<string, Outcome>> => {
    const { rows } = await pg.query<{ id: string; status: string; at: string | null }>(
      `SELECT case_id AS id, status, extract(epoch FROM completed_at) * 1000 AS at FROM erasure_case
        WHERE case_id = ANY($1::uuid[]) AND status IN ('completed', 'failed', 'held')`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.status === 'completed' && r.at !== null ? { atMs: Number(r.at) } : { failed: `is ${r.status}` }]));
  };

const exportLookup =
  (pg: Client) =>
  async (ids: string[]): Promise<Map<string, Outcome>> => {
    const { rows } = await pg.query<{ id: string; status: string; at: string | null }>(
      `SELECT id, status, extract(epoch FROM ready_at) * 1000 AS at FROM export_job WHERE id = ANY($1::uuid[]) AND status IN ('ready', 'failed')`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.status === 'ready' && r.at !== null ? { atMs: Number(r.at) } : { failed: `is ${r.status}` }]));
  };

/** Staff closure of one account, timed from sending the POST until retention completed its erasure case. */
async function close(platform: PlatformUnderBench, staff: string, cases: CompletionWatcher, account: SeededAccount): Promise<Timed> {
  const sentAt = Date.now();
  const started = performance.now();
  const response = await platform.api.post(`/admin/accounts/${account.id}/closure`, undefined, { session: staff });
  const answerMs = performance.now() - started;
  const caseId = (response.body as { caseId?: string } | undefined)?.caseId;
  if (response.status !== 202 || !caseId) throw new Error(`POST /admin/accounts/${account.id}/closure answered ${response.status}: ${response.text}`);
  const completedAt = await cases.wait(caseId, CASE_TIMEOUT_MS, 'erasure case');
  return { id: caseId, sentAt, answerMs, totalMs: completedAt - sentAt };
}

/** One export of the signed-in person, timed from sending the POST until retention marked it ready. */
async function exportOwn(platform: PlatformUnderBench, session: string, exports: CompletionWatcher): Promise<Timed> {
  const sentAt = Date.now();
  const started = performance.now();
  const response = await platform.api.post('/me/exports', undefined, { session });
  const answerMs = performance.now() - started;
  const id = (response.body as { id?: string } | undefined)?.id;
  if (response.status !== 202 || !id) throw new Error(`POST /me/exports answered ${response.status}: ${response.text}`);
  const readyAt = await exports.wait(id, EXPORT_TIMEOUT_MS, 'export');
  return { id, sentAt, answerMs, totalMs: readyAt - sentAt };
}

const p = (values: readonly number[], q: number, digits = 0) => round(percentile(values, q), digits);
const describe = (values: readonly number[]) => `p50 ${p(values, 50)} ms, p99 ${p(values, 99)} ms, max ${p(values, 100)} ms`;

/** Where the erasure time went, from retention's ledger: each stage's p50/p99, printed. */
async function erasureStages(pg: Client, timed: readonly Timed[]): Promise<{ toAskedP99: number; slowestAnswerP99: number }> {
  const sent = new Map(timed.map((t) => [t.id, t.sentAt]));
  const ids = [...sent.keys()];
  const { rows: caseRows } = await pg.query<{ id: string; asked: string; completed: string; attempts: number }>(
    `SELECT case_id AS id, extract(epoch FROM erasure_requested_at) * 1000 AS asked, extract(epoch FROM completed_at) * 1000 AS completed, attempts
       FROM erasure_case WHERE case_id = ANY($1::uuid[])`,
    [ids],
  );
  const { rows: answers } = await pg.query<{ id: string; service: string; erased: string }>(
    `SELECT case_id AS id, service, extract(epoch FROM erased_at) * 1000 AS erased FROM erasure_answer WHERE case_id = ANY($1::uuid[])`,
    [ids],
  );
  const asked = new Map(caseRows.map((r) => [r.id, Number(r.asked)]));
  const toAsked = caseRows.map((r) => Number(r.asked) - (sent.get(r.id) as number));
  const perService = new Map<string, number[]>();
  const lastAnswer = new Map<string, number>();
  for (const a of answers) {
    const lag = Number(a.erased) - (asked.get(a.id) as number);
    perService.set(a.service, [...(perService.get(a.service) ?? []), lag]);
    lastAnswer.set(a.id, Math.max(lastAnswer.get(a.id) ?? 0, lag));
  }
  const toCompleted = caseRows.map((r) => Number(r.completed) - (asked.get(r.id) as number) - (lastAnswer.get(r.id) as number));
  console.log(`  POST sent to retention asking the participants (ErasureRequested): ${describe(toAsked)}`);
  for (const [service, lags] of [...perService].sort()) console.log(`  ErasureRequested to ${service}'s erasure: ${describe(lags)}`);
  console.log(`  slowest participant's erasure to case completed: ${describe(toCompleted)}`);
  const repeated = caseRows.filter((r) => r.attempts > 1).length;
  if (repeated > 0) console.log(`  ${repeated} cases asked the participants more than once`);
  return { toAskedP99: p(toAsked, 99), slowestAnswerP99: p([...lastAnswer.values()], 99) };
}

/** Export sections' arrival after the request, per participant (their generatedAt), printed. */
async function exportStages(pg: Client, timed: readonly Timed[]): Promise<void> {
  const { rows } = await pg.query<{ service: string; lag: string }>(
    `SELECT s.service, extract(epoch FROM s.generated_at - j.requested_at) * 1000 AS lag
       FROM export_section s JOIN export_job j ON j.id = s.export_id WHERE j.id = ANY($1::uuid[])`,
    [timed.map((t) => t.id)],
  );
  const perService = new Map<string, number[]>();
  for (const r of rows) perService.set(r.service, [...(perService.get(r.service) ?? []), Number(r.lag)]);
  for (const [service, lags] of [...perService].sort()) console.log(`  export requested to ${service}'s section: ${describe(lags)}`);
}

/** What the first case erased per service, and that the gateway serves it completed with a certificate. */
async function checkCase(platform: PlatformUnderBench, staff: string, pg: Client, caseId: string): Promise<void> {
  const view = await platform.api.get(`/admin/erasures/${caseId}`, { session: staff });
  const body = view.body as { status?: string; missing?: string[]; certificate?: unknown } | undefined;
  if (view.status !== 200 || body?.status !== 'completed' || (body.missing?.length ?? 1) !== 0 || !body.certificate) {
    throw new Error(`GET /admin/erasures/${caseId} answered ${view.status} ${view.text}, not a completed case with a certificate`);
  }
  const { rows } = await pg.query<{ service: string; counts: Record<string, number> }>(`SELECT service, counts FROM erasure_answer WHERE case_id = $1 ORDER BY service`, [caseId]);
  console.log(`  rows erased for one account: ${rows.map((r) => `${r.service} ${JSON.stringify(r.counts)}`).join('; ')}`);
}

export const erasureScenario: Scenario = {
  name: 'erasure',
  description: `${CLOSURES} staff closures ${CLOSURE_CONCURRENCY} at a time through the gateway, each timed until retention completed its erasure case (${SERVICES.join(', ')} answering), against the closure POST's own answer; ${EXPORTS} exports ${EXPORT_CONCURRENCY} at a time until ready`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const platform = await startPlatformUnderBench(infra, { services: SERVICES, staff: STAFF });
    const pg = new Client({ connectionString: platform.databaseUrl('retention') });
    const cases = new CompletionWatcher(caseLookup(pg));
    const exports = new CompletionWatcher(exportLookup(pg));
    try {
      await pg.connect();
      // One more of each for the warm-up (consumer groups settled, code paths JIT-compiled).
      const accounts = await platform.seedAccounts(CLOSURES + EXPORTS + 2, await benchPasswordHash(PASSWORD));
      for (const account of accounts) await platform.seedProfile(account);
      const closing = accounts.slice(0, CLOSURES + 1);
      const exporting = accounts.slice(CLOSURES + 1);

      const staff = await platform.login(STAFF.email, STAFF.password);
      const sessions: string[] = [];
      await pool(exporting, LOGIN_CONCURRENCY, async (account) => {
        sessions.push(await platform.login(account.email, PASSWORD));
      });

      const warmClosure = await close(platform, staff, cases, closing[0]);
      const warmExport = await exportOwn(platform, sessions[0], exports);
      console.log(`warm-up: one erasure ${round(warmClosure.totalMs)} ms, one export ${round(warmExport.totalMs)} ms`);

      const erasures: Timed[] = [];
      const erasureStarted = Date.now();
      await pool(closing.slice(1), CLOSURE_CONCURRENCY, async (account) => {
        erasures.push(await close(platform, staff, cases, account));
      });
      const erasureSeconds = (Date.now() - erasureStarted) / 1000;
      const erasureMs = erasures.map((e) => e.totalMs);
      const closureAnswerMs = erasures.map((e) => e.answerMs);
      console.log(`erasure: ${erasures.length} cases completed in ${round(erasureSeconds, 1)} s; closure to completed ${describe(erasureMs)}; closure POST ${describe(closureAnswerMs)}`);
      const stages = await erasureStages(pg, erasures);
      await checkCase(platform, staff, pg, erasures[0].id);

      const exported: Timed[] = [];
      const exportStarted = Date.now();
      await pool(sessions.slice(1), EXPORT_CONCURRENCY, async (session) => {
        exported.push(await exportOwn(platform, session, exports));
      });
      const exportSeconds = (Date.now() - exportStarted) / 1000;
      const exportMs = exported.map((e) => e.totalMs);
      const exportAnswerMs = exported.map((e) => e.answerMs);
      console.log(`export: ${exported.length} ready in ${round(exportSeconds, 1)} s; request to ready ${describe(exportMs)}; export POST ${describe(exportAnswerMs)}`);
      await exportStages(pg, exported);

      const closurePost = { name: `closure POST p99, ${CLOSURE_CONCURRENCY} concurrent`, value: p(closureAnswerMs, 99) };
      const exportPost = { name: `export POST p99, ${EXPORT_CONCURRENCY} concurrent`, value: p(exportAnswerMs, 99) };
      return [
        { name: 'erasure cases completed', value: erasures.length, unit: 'cases' },
        { name: 'closure to case completed p50', value: p(erasureMs, 50), unit: 'ms', baseline: { name: 'closure POST p50', value: p(closureAnswerMs, 50) } },
        { name: 'closure to case completed p99', value: p(erasureMs, 99), unit: 'ms', target: { op: '<', value: TARGET_P99_MS }, baseline: closurePost },
        { name: 'closure to case completed max', value: p(erasureMs, 100), unit: 'ms' },
        { name: 'closure to ErasureRequested p99 (part of it)', value: stages.toAskedP99, unit: 'ms' },
        { name: 'ErasureRequested to slowest answer p99 (part of it)', value: stages.slowestAnswerP99, unit: 'ms' },
        { name: 'erasure throughput', value: round(erasures.length / erasureSeconds, 1), unit: 'cases/s' },
        { name: 'export request to ready p50', value: p(exportMs, 50), unit: 'ms', baseline: { name: 'export POST p50', value: p(exportAnswerMs, 50) } },
        { name: 'export request to ready p99', value: p(exportMs, 99), unit: 'ms', target: { op: '<', value: TARGET_P99_MS }, baseline: exportPost },
        { name: 'export request to ready max', value: p(exportMs, 100), unit: 'ms' },
      ];
    } finally {
      await cases.stop();
      await exports.stop();
      await pg.end().catch(() => undefined);
      await platform.stop();
    }
  },
};
