import { Gauge } from 'prom-client';
import { metricsRegistry } from '@sargs/platform/observability';

export const dataSubjectRequestsOverdue = new Gauge({
  name: 'sargs_data_subject_requests_overdue',
  help: "Organisations' data-subject requests still missing answers after every attempt (an alert: see the request)",
  registers: [metricsRegistry],
});
