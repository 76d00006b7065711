import { Counter } from 'prom-client';
import { metricsRegistry } from '@sargs/platform/observability';

export const auditEntriesAppended = new Counter({
  name: 'sargs_audit_entries_appended_total',
  help: 'Entries appended to the audit trail, by category (staff, security)',
  labelNames: ['category'],
  registers: [metricsRegistry],
});
