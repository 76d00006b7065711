import type { RouteRow } from './route-row';

/** An organisation's contacts (its business data about people): the rows of the public API (docs/api.md) that contacts answers. */
export const CONTACTS_ROUTES: readonly RouteRow[] = [];
