import path from 'node:path';
import { SARGS_APPS, sargsApp, type Infrastructure } from '@sargs/devstack';

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** The table a developer reads after `npm start`: what runs where. */
export function printSummary(infra: Infrastructure, dataDir: string, startedAt: number): void {
  const rows: [string, string, string][] = [];
  const gateway = sargsApp('gateway');
  rows.push(['gateway', `https://localhost:${gateway.port}`, `privacy centre (/), staff console (/admin), API (/api/v1); http://localhost:${gateway.redirectPort} redirects`]);
  for (const app of SARGS_APPS) if (app !== gateway) rows.push([app.name, `http://127.0.0.1:${app.port}`, 'internal, behind the gateway']);
  const management = SARGS_APPS.map((a) => a.managementPort);
  rows.push([
    'probes, metrics',
    `http://127.0.0.1:${Math.min(...management)}-${Math.max(...management)}`,
    `/healthz /readyz /metrics on each app's MANAGEMENT_PORT: ${SARGS_APPS.map((a) => `${a.name} ${a.managementPort}`).join(', ')}`,
  ]);
  const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
  rows.push(['MailDev', infra.maildevUrl ? infra.maildevUrl.replace('127.0.0.1', 'localhost') : '-', infra.embedded.maildev ? `catches ${infra.smtpUrl}` : `SMTP_URL ${withoutPassword(infra.smtpUrl)}`]);
  rows.push(['PostgreSQL', withoutPassword(infra.postgresServerUrl), infra.embedded.postgres ? `embedded 15, data in ${rel(path.join(dataDir, 'postgres'))}` : 'DATABASE_URL']);
  rows.push(['Kafka', infra.kafkaBrokers.join(','), infra.embedded.kafka ? `KRaft, data in ${rel(path.join(dataDir, 'kafka'))}` : 'KAFKA_BROKERS']);
  const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\nSargs is running (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s):\n`);
  for (const [name, where, what] of rows) console.log(`  ${name.padEnd(width[0])}  ${where.padEnd(width[1])}  ${what}`);
  console.log(`\nLogs of the infrastructure are in ${rel(dataDir)}/*.log. Press Ctrl+C to stop.\n`);
}
