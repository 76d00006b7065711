import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '@sargs/platform/observability';

export const outboxRelayed = new Counter({
  name: 'sargs_outbox_relayed_total',
  help: 'Outbox messages acknowledged by Kafka',
  labelNames: ['topic'],
  registers: [metricsRegistry],
});

export const outboxPending = new Gauge({
  name: 'sargs_outbox_pending',
  help: 'Outbox messages not yet relayed, as of the last relay pass',
  registers: [metricsRegistry],
});

export const outboxRelayErrors = new Counter({
  name: 'sargs_outbox_relay_errors_total',
  help: 'Relay passes that failed to publish (the rows wait and are retried)',
  registers: [metricsRegistry],
});

export const consumedEvents = new Counter({
  name: 'sargs_consumer_events_total',
  help: 'Events consumed, by outcome',
  labelNames: ['topic', 'outcome'],
  registers: [metricsRegistry],
});

export const consumerRetries = new Counter({
  name: 'sargs_consumer_retries_total',
  help: 'Handler attempts that failed and were retried',
  labelNames: ['topic'],
  registers: [metricsRegistry],
});

export const deadLettered = new Counter({
  name: 'sargs_consumer_dead_letters_total',
  help: 'Events sent to a dead-letter topic',
  labelNames: ['topic'],
  registers: [metricsRegistry],
});

export const eventLatency = new Histogram({
  name: 'sargs_event_latency_seconds',
  help: 'From the event occurring (commit) to its effect committing in this consumer',
  labelNames: ['topic'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});
