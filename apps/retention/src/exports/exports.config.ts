import { envPositiveInt } from '@sargs/platform/config';

const HOUR_MS = 60 * 60 * 1000;

/** Exports' environment variables (merged into the app's schema in config/app-config.ts). */
export const EXPORTS_CONFIG = {
  /** A ready export can be downloaded for this long, then it is deleted (48 h). */
  EXPORT_TTL_MS: envPositiveInt(48 * HOUR_MS),
  /** An export not answered by every participant within this long fails (5 min). */
  EXPORT_DEADLINE_MS: envPositiveInt(5 * 60 * 1000),
  /** How often overdue exports are failed and expired ones deleted. */
  EXPORT_SWEEP_INTERVAL_MS: envPositiveInt(60 * 1000),
};
