import type { RouteRow } from './route-row';

/** Organisations, members, invitations, the DPA and sub-processors: the rows of the public API (docs/api.md) that organizations answers. */
export const ORGANIZATIONS_ROUTES: readonly RouteRow[] = [];
