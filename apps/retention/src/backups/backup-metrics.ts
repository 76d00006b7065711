import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@sargs/platform/observability';

export const backupsFinished = new Counter({
  name: 'sargs_backups_total',
  help: 'Backups that finished, by outcome (completed, failed)',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

export const lastCompletedBackup = new Gauge({
  name: 'sargs_backup_last_completed_timestamp_seconds',
  help: 'When the newest completed backup started (alert when it is older than the interval plus a margin)',
  registers: [metricsRegistry],
});

export const backupsDeleted = new Counter({
  name: 'sargs_backups_deleted_total',
  help: 'Backups deleted from the store because they expired, failed or were left incomplete',
  registers: [metricsRegistry],
});
