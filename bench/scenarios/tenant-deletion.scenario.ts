import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { withDatabase } from '@sargs/testing';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench, type BenchService, type PlatformUnderBench } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';
import { createOrganization, seedContacts, type TenantContacts } from '../support/tenant-contacts';

/** retention's PRIVACY_PARTICIPANTS is the started ones; of them organizations and contacts hold tenant data. */
const SERVICES: readonly BenchService[] = ['identity', 'profile', 'organizations', 'contacts', 'retention'];
/** The tenant services log in as their own roles, as in production: forced row-level security binds the deletion. */
const OWN_ROLES: readonly BenchService[] = ['organizations', 'contacts'];
/** The deleted organisation's contacts (the issue's 100,000). */
const DELETED_TENANT_CONTACTS = Number(process.env.BENCH_DELETED_TENANT_CONTACTS ?? 100_000);
/** Organisations that stay, sharing the table and its indexes with the deleted one: not one of their rows may go. */
const BYSTANDERS = Number(process.env.BENCH_BYSTANDER_TENANTS ?? 4);
const CONTACTS_PER_BYSTANDER = Number(process.env.BENCH_CONTACTS_PER_BYSTANDER ?? 10_000);
/** The warm-up deletion (not counted) and the baseline one: the same path for a small organisation. */
const SMALL_TENANT_CONTACTS = 100;
/** How often retention's database is asked whether the case is done. */
const POLL_MS = 50;
const CASE_TIMEOUT_MS = 120_000;
const TARGET_MS = 30_000;
const PASSWORD = 'bench tenant deletion passphrase 5281';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** "contacts' erasure", "profile's erasure". */
const possessive = (service: string) => (service.endsWith('s') ? `${service}'` : `${service}'s`);

/** One deletion, in ms since the epoch where retention or a participant recorded the time. */
interface Deletion {
  caseId: string;
  sentAt: number;
  /** The DELETE's own answer time. */
  answerMs: number;
  /** Sent until retention recorded the case completed. */
  totalMs: number;
  /** Sent until retention asked the participants (TenantErasureRequested). */
  toAskedMs: number;
  attempts: number;
  /** Per participant: sent until its erasure (the erasedAt it answered), and what it deleted. */
  answers: { service: string; ms: number; counts: Record<string, number> }[];
}

/** Polls retention's erasure_case every POLL_MS until the case completed; its completed_at. */
async function caseCompletedAt(pg: Client, caseId: string): Promise<number> {
  const deadline = Date.now() + CASE_TIMEOUT_MS;
  for (;;) {
    const { rows } = await pg.query<{ status: string; at: string | null }>(
      `SELECT status, extract(epoch FROM completed_at) * 1000 AS at FROM erasure_case WHERE case_id = $1`,
      [caseId],
    );
    const row = rows[0];
    if (row?.status === 'completed' && row.at !== null) return Number(row.at);
    if (row?.status === 'failed' || row?.status === 'held') throw new Error(`erasure case ${caseId} is ${row.status}`);
    if (Date.now() > deadline) throw new Error(`erasure case ${caseId} not completed within ${CASE_TIMEOUT_MS / 1000} s (${row ? `status ${row.status}` : 'not opened'})`);
    await sleep(POLL_MS);
  }
}

/** DELETE /orgs/:id through the gateway with the owner's password, timed until retention completed the case. */
async function deleteOrganization(platform: PlatformUnderBench, session: string, pg: Client, orgId: string): Promise<Deletion> {
  const sentAt = Date.now();
  const started = performance.now();
  const response = await platform.api.call('DELETE', `/orgs/${orgId}`, { session, body: { password: PASSWORD } });
  const answerMs = performance.now() - started;
  const caseId = (response.body as { caseId?: string } | undefined)?.caseId;
  if (response.status !== 202 || !caseId) throw new Error(`DELETE /orgs/${orgId} answered ${response.status}: ${response.text}`);
  const completedAt = await caseCompletedAt(pg, caseId);
  const { rows: [kase] } = await pg.query<{ asked: string; attempts: number }>(
    `SELECT extract(epoch FROM erasure_requested_at) * 1000 AS asked, attempts FROM erasure_case WHERE case_id = $1`,
    [caseId],
  );
  const { rows: answers } = await pg.query<{ service: string; erased: string; counts: Record<string, number> }>(
    `SELECT service, extract(epoch FROM erased_at) * 1000 AS erased, counts FROM erasure_answer WHERE case_id = $1 ORDER BY service`,
    [caseId],
  );
  return {
    caseId,
    sentAt,
    answerMs,
    totalMs: completedAt - sentAt,
    toAskedMs: Number(kase.asked) - sentAt,
    attempts: kase.attempts,
    answers: answers.map((a) => ({ service: a.service, ms: Number(a.erased) - sentAt, counts: a.counts })),
  };
}

function describeDeletion(what: string, d: Deletion): void {
  console.log(`${what}: DELETE answered in ${round(d.answerMs)} ms; case completed ${round(d.totalMs, 0)} ms after sending (retention asked at ${round(d.toAskedMs, 0)} ms, ${d.attempts} attempt(s))`);
  for (const a of d.answers) console.log(`  ${a.service} erased at ${round(a.ms, 0)} ms: ${JSON.stringify(a.counts)}`);
}

/** Contact rows per organisation, as the superuser (no policy applies): what the deletion left. */
function contactCounts(platform: PlatformUnderBench, orgIds: readonly string[]): Promise<Map<string, number>> {
  return withDatabase(platform.databaseUrl('contacts'), async (pg) => {
    const { rows } = await pg.query<{ org_id: string; n: string }>(`SELECT org_id, count(*) AS n FROM contact WHERE org_id = ANY($1::uuid[]) GROUP BY org_id`, [orgIds]);
    const counts = new Map(rows.map((r) => [r.org_id, Number(r.n)]));
    return new Map(orgIds.map((id) => [id, counts.get(id) ?? 0]));
  });
}

export const tenantDeletionScenario: Scenario = {
  name: 'tenant-deletion',
  description: `DELETE /api/v1/orgs/:id through the gateway of an organisation with ${DELETED_TENANT_CONTACTS.toLocaleString('en')} contacts (${BYSTANDERS} other organisations of ${CONTACTS_PER_BYSTANDER.toLocaleString('en')} in the same table), timed until retention completed its erasure case (${SERVICES.join(', ')} started; organizations and contacts answering), against the DELETE's own answer and the same deletion of an organisation of ${SMALL_TENANT_CONTACTS}`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const platform = await startPlatformUnderBench(infra, { services: SERVICES, ownRoles: OWN_ROLES });
    const pg = new Client({ connectionString: platform.databaseUrl('retention') });
    try {
      await pg.connect();
      const [owner] = await platform.seedAccounts(1, await benchPasswordHash(PASSWORD));
      await platform.seedProfile(owner);
      const session = await platform.login(owner.email, PASSWORD);

      // Positions: the deleted organisation, the warm-up, the small baseline, then the bystanders.
      const tenants: TenantContacts[] = [];
      const sizes = [DELETED_TENANT_CONTACTS, SMALL_TENANT_CONTACTS, SMALL_TENANT_CONTACTS, ...Array.from({ length: BYSTANDERS }, () => CONTACTS_PER_BYSTANDER)];
      for (const [i, contacts] of sizes.entries()) tenants.push({ orgId: await createOrganization(platform, session, i), contacts });
      const [large, warmUp, small, ...bystanders] = tenants.map((t) => t.orgId);
      const seedStarted = performance.now();
      const seeded = await seedContacts(platform, tenants);
      console.log(`seeded ${seeded} contacts in ${tenants.length} organisations in ${Math.round(performance.now() - seedStarted)} ms`);
      const before = await contactCounts(platform, bystanders);

      // Warm-up (consumer groups settled, code paths compiled), then the small one as the baseline.
      describeDeletion(`warm-up (${SMALL_TENANT_CONTACTS} contacts, not counted)`, await deleteOrganization(platform, session, pg, warmUp));
      const baseline = await deleteOrganization(platform, session, pg, small);
      describeDeletion(`baseline (${SMALL_TENANT_CONTACTS} contacts)`, baseline);
      const measured = await deleteOrganization(platform, session, pg, large);
      describeDeletion(`measured (${DELETED_TENANT_CONTACTS} contacts)`, measured);

      // What the deletion did: every contact of the deleted organisations gone, every bystander's still there.
      const after = await contactCounts(platform, [large, warmUp, small, ...bystanders]);
      const left = [large, warmUp, small].filter((id) => after.get(id) !== 0);
      if (left.length > 0) throw new Error(`contacts left in deleted organisations: ${left.map((id) => `${id} ${after.get(id)}`).join(', ')}`);
      const changed = bystanders.filter((id) => after.get(id) !== before.get(id));
      if (changed.length > 0) throw new Error(`bystanders' contacts changed: ${changed.map((id) => `${id} ${before.get(id)} -> ${after.get(id)}`).join(', ')}`);
      const contactsAnswer = measured.answers.find((a) => a.service === 'contacts');
      if (contactsAnswer?.counts.contact !== DELETED_TENANT_CONTACTS) {
        throw new Error(`contacts answered ${JSON.stringify(contactsAnswer?.counts)}, not ${DELETED_TENANT_CONTACTS} contacts erased`);
      }
      const bystanderRows = bystanders.reduce((total, id) => total + (before.get(id) as number), 0);
      console.log(`checked: 0 contacts left in the deleted organisations; ${bystanders.length} bystanders keep their ${bystanderRows} contacts`);

      const baselineAnswer = (service: string) => baseline.answers.find((a) => a.service === service)?.ms ?? Number.NaN;
      return [
        {
          name: 'DELETE to case completed',
          value: round(measured.totalMs, 0),
          unit: 'ms',
          target: { op: '<', value: TARGET_MS },
          baseline: { name: `same, an organisation of ${SMALL_TENANT_CONTACTS} contacts`, value: round(baseline.totalMs, 0) },
        },
        { name: 'DELETE answer', value: round(measured.answerMs), unit: 'ms', baseline: { name: `same, ${SMALL_TENANT_CONTACTS} contacts`, value: round(baseline.answerMs) } },
        { name: 'DELETE to TenantErasureRequested (part of it)', value: round(measured.toAskedMs, 0), unit: 'ms' },
        ...measured.answers.map((a) => ({
          name: `DELETE to ${possessive(a.service)} erasure (part of it)`,
          value: round(a.ms, 0),
          unit: 'ms',
          baseline: { name: `same, ${SMALL_TENANT_CONTACTS} contacts`, value: round(baselineAnswer(a.service), 0) },
        })),
        { name: 'contacts erased', value: contactsAnswer.counts.contact, unit: 'rows' },
        { name: 'bystanders\' contacts kept', value: bystanderRows, unit: 'rows' },
      ];
    } finally {
      await pg.end().catch(() => undefined);
      await platform.stop();
    }
  },
};
