import { envPositiveInt } from '@sargs/platform/config';

/** Erasure cases' environment variables (merged into the app's schema in config/app-config.ts). */
export const ERASURE_CONFIG = {
  /** How long participants have to answer an ErasureRequested before it is asked again. */
  ERASURE_DEADLINE_MS: envPositiveInt(10 * 60_000),
  /** ErasureRequested publications per case before a case with missing answers fails and alerts. */
  ERASURE_MAX_ATTEMPTS: envPositiveInt(3),
  /** How often overdue cases and expired legal holds are looked for. */
  ERASURE_SWEEP_INTERVAL_MS: envPositiveInt(30_000),
};
