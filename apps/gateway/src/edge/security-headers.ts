import helmet from 'helmet';

/** helmet's defaults plus a long HSTS: browsers only ever come back over HTTPS (R7). */
export const securityHeaders = helmet({
  strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true, preload: false },
  contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
});
