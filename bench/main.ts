// `npm run bench [scenario...]`: runs the named scenarios (all by default) against real PostgreSQL
// and Kafka, prints a table, and writes bench/results/<scenario>.json (with PostgreSQL's own
// account of its time in the scenario: its top statements, from pg_stat_statements).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { auditTrailScenario } from './scenarios/audit-trail.scenario';
import { consentEventScenario } from './scenarios/consent-event.scenario';
import { contactsSearchScenario } from './scenarios/contacts-search.scenario';
import { erasureScenario } from './scenarios/erasure.scenario';
import { eventPipelineScenario } from './scenarios/event-pipeline.scenario';
import { idleMemoryScenario } from './scenarios/idle-memory.scenario';
import { keycloakPeerScenario } from './scenarios/keycloak-peer.scenario';
import { loginScenario } from './scenarios/login.scenario';
import { loginMfaScenario } from './scenarios/login-mfa.scenario';
import { meReadScenario } from './scenarios/me-read.scenario';
import { notificationBroadcastScenario } from './scenarios/notification-broadcast.scenario';
import { policyReadScenario } from './scenarios/policy-read.scenario';
import { resetTimingScenario } from './scenarios/reset-timing.scenario';
import { tenantDeletionScenario } from './scenarios/tenant-deletion.scenario';
import { twoInstancesScenario } from './scenarios/two-instances.scenario';
import { webAccountPageScenario } from './scenarios/web-account-page.scenario';
import { startBenchInfrastructure } from './support/bench-infrastructure';
import { describeStatementTimes, statementTimes } from './support/postgres-time';
import { meetsTarget, type Figure, type Scenario } from './support/scenario';

const SCENARIOS: Scenario[] = [eventPipelineScenario, idleMemoryScenario, loginScenario, loginMfaScenario, meReadScenario, consentEventScenario, policyReadScenario, notificationBroadcastScenario, erasureScenario, auditTrailScenario, webAccountPageScenario, resetTimingScenario, contactsSearchScenario, tenantDeletionScenario, twoInstancesScenario, keycloakPeerScenario];
const resultsDir = path.join(__dirname, 'results');
/** Statements per scenario kept in its result file (the log prints the first eight). */
const TOP_STATEMENTS = 25;

function row(scenario: string, f: Figure): string[] {
  const target = f.target ? `${f.target.op} ${f.target.value} ${f.unit}` : '';
  const verdict = meetsTarget(f);
  const baseline = f.baseline ? `${f.baseline.value} ${f.unit} (${f.baseline.name}); ratio ${(f.value / f.baseline.value).toFixed(2)}` : '';
  return [scenario, f.name, `${f.value} ${f.unit}`, target, verdict === undefined ? '' : verdict ? 'met' : 'MISSED', baseline];
}

function printTable(rows: string[][]): void {
  const header = ['scenario', 'figure', 'value', 'target', 'verdict', 'baseline (same run)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.name === w));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const selected = wanted.length > 0 ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  const infra = await startBenchInfrastructure();
  const rows: string[][] = [];
  try {
    for (const scenario of selected) {
      console.log(`\n== ${scenario.name}: ${scenario.description}`);
      await infra.statements.reset();
      const figures = await scenario.run(infra);
      const statements = statementTimes(await infra.statements.read(), TOP_STATEMENTS);
      console.log(`PostgreSQL's time in ${scenario.name}, the top statements (pg_stat_statements):\n${describeStatementTimes(statements.slice(0, 8)).join('\n')}`);
      mkdirSync(resultsDir, { recursive: true });
      const result = {
        scenario: scenario.name,
        description: scenario.description,
        measuredAt: new Date().toISOString(),
        machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
        figures: figures.map((f) => ({ ...f, met: meetsTarget(f) })),
        postgresStatements: statements,
      };
      writeFileSync(path.join(resultsDir, `${scenario.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
      rows.push(...figures.map((f) => row(scenario.name, f)));
    }
  } finally {
    await infra.stop();
  }
  printTable(rows);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
