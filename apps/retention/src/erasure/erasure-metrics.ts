import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@sargs/platform/observability';

export const erasureCasesCompleted = new Counter({
  name: 'sargs_erasure_cases_completed_total',
  help: 'Erasure cases every participant has answered',
  registers: [metricsRegistry],
});

export const erasureCasesFailed = new Gauge({
  name: 'sargs_erasure_cases_failed',
  help: 'Erasure cases still missing answers after every attempt (an alert: see the case)',
  registers: [metricsRegistry],
});

export const erasureRequestsRepeated = new Counter({
  name: 'sargs_erasure_requests_repeated_total',
  help: 'ErasureRequested published again for a case whose answers were overdue',
  registers: [metricsRegistry],
});
