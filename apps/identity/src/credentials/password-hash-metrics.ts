import { Histogram } from 'prom-client';
import { metricsRegistry } from '@sargs/platform/observability';

/**
 * argon2 work by operation: the thread pool's load (capacity planning), and proof that requests
 * refused early (a bad reset token, a throttled login) cost no hashing.
 */
export const passwordHashSeconds = new Histogram({
  name: 'sargs_identity_argon2_seconds',
  help: 'argon2id operations and how long each took, by operation (hash or verify)',
  labelNames: ['operation'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});
