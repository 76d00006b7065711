import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@sargs/platform/observability';

export const mailsFinished = new Counter({
  name: 'sargs_mail_finished_total',
  help: 'Mails that left the queue, by category and outcome (sent, failed, cancelled)',
  labelNames: ['category', 'outcome'],
  registers: [metricsRegistry],
});

export const mailRetries = new Counter({
  name: 'sargs_mail_retries_total',
  help: 'Hand-overs to the relay that failed and will be tried again, by code',
  labelNames: ['code'],
  registers: [metricsRegistry],
});

export const relayAvailable = new Gauge({
  name: 'sargs_mail_relay_available',
  help: '1 while the mail relay accepts connections, 0 while the sender is paused waiting for it',
  registers: [metricsRegistry],
});
