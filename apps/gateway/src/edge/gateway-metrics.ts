import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@sargs/platform/observability';

const UPSTREAM_DURATION = 'sargs_gateway_upstream_duration_seconds';
const GATEWAY_ERRORS = 'sargs_gateway_errors_total';

/** Once per process, even when a test boots the app twice. */
function existing<T>(name: string): T | undefined {
  return metricsRegistry.getSingleMetric(name) as T | undefined;
}

/** Time each service takes to answer, by outcome (`2xx`…`5xx`, `unavailable`, `timeout`, `bad-answer`). */
export const upstreamDuration =
  existing<Histogram<'service' | 'outcome'>>(UPSTREAM_DURATION) ??
  new Histogram({
    name: UPSTREAM_DURATION,
    help: 'Time a service took to answer a request the gateway forwarded, in seconds',
    labelNames: ['service', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  });

/** Answers the gateway made itself (not relayed from a service), by status. */
export const gatewayErrors =
  existing<Counter<'status'>>(GATEWAY_ERRORS) ??
  new Counter({
    name: GATEWAY_ERRORS,
    help: 'Error answers the gateway made itself (rate limits, CSRF, sessions, bodies, upstream failures), by status',
    labelNames: ['status'],
    registers: [metricsRegistry],
  });
