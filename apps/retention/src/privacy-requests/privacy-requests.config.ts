import { envPositiveInt } from '@sargs/platform/config';

/** PrivacyRequests' environment variables (merged into the app's schema in config/app-config.ts). */
export const PRIVACY_REQUESTS_CONFIG = {
  /** How often open requests past their due date are counted (log warning, sargs_privacy_requests_overdue). */
  PRIVACY_REQUEST_OVERDUE_CHECK_MS: envPositiveInt(60 * 60_000),
};
