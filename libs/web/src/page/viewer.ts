import { STAFF_ROLES, type Language, type RoleName } from '@sargs/contracts';

/** The signed-in person as GET /me shows them: what every page's layout and guards need. */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  language: Language;
  roles: RoleName[];
  emailVerified: boolean;
  createdAt: string;
  passwordChangedAt: string;
  /** The second factors the account has (GET /me). */
  mfa: { totp: boolean; passkeys: number };
}

export function isStaff(viewer: Viewer | undefined): boolean {
  return viewer !== undefined && viewer.roles.some((role) => (STAFF_ROLES as readonly string[]).includes(role));
}
