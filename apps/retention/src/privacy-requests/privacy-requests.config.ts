/** PrivacyRequests' environment variables (merged into the app's schema in config/app-config.ts). */
export const PRIVACY_REQUESTS_CONFIG = {};
