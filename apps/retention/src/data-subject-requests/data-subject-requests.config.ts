import { envPositiveInt } from '@sargs/platform/config';

/** Organisations' data-subject requests' environment variables (merged into the app's schema in config/app-config.ts). */
export const DATA_SUBJECT_REQUESTS_CONFIG = {
  /** How long the services that hold tenant data have to answer before they are asked again (10 min). */
  DATA_SUBJECT_REQUEST_DEADLINE_MS: envPositiveInt(10 * 60_000),
  /** TenantSubjectRequested publications per request before a request still missing answers is raised as overdue (alert). */
  DATA_SUBJECT_REQUEST_MAX_ATTEMPTS: envPositiveInt(3),
  /** An access request's rows are kept this long after it completes, then deleted (48 h). */
  DATA_SUBJECT_REQUEST_RESULT_TTL_MS: envPositiveInt(48 * 60 * 60_000),
  /** How often overdue requests are asked again and expired results deleted. */
  DATA_SUBJECT_REQUEST_SWEEP_INTERVAL_MS: envPositiveInt(60_000),
};
