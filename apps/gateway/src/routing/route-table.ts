import { CONSENT_ROUTES, CONTACTS_ROUTES, IDENTITY_ROUTES, NOTIFICATIONS_ROUTES, ORGANIZATIONS_ROUTES, PROFILE_ROUTES, RETENTION_ROUTES, type RouteRow } from '@sargs/contracts';

/**
 * The public API (docs/api.md) as data: each service's rows live beside its contract schemas
 * (libs/contracts/src/http/<service>.routes.ts), and a new service plugs in by adding its list
 * here. Forwarding, session checks, CSRF, rate limits and the OpenAPI document all read this table.
 */
export const ROUTE_TABLE: readonly RouteRow[] = [...IDENTITY_ROUTES, ...PROFILE_ROUTES, ...CONSENT_ROUTES, ...NOTIFICATIONS_ROUTES, ...RETENTION_ROUTES, ...ORGANIZATIONS_ROUTES, ...CONTACTS_ROUTES];
