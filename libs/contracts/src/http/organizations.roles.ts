/** A member's role in an organisation (docs/api.md, "Organisations"); not an account role. */
export const ORG_ROLES = ['owner', 'admin', 'member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
/** Who manages members, company details and exports. */
export const ORG_MANAGERS: readonly OrgRole[] = ['owner', 'admin'];
