/** Roles an account can hold (docs/api.md); staff routes need `admin` or `dpo`. */
export const ROLE_NAMES = ['user', 'support', 'dpo', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export const STAFF_ROLES: readonly RoleName[] = ['admin', 'dpo'];
