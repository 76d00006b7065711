import type { RoleName } from '@sargs/contracts';

/** The account half of GET /me (docs/api.md), as identity shows it. */
export interface AccountView {
  id: string;
  email: string;
  roles: RoleName[];
  emailVerified: boolean;
  createdAt: string;
  passwordChangedAt: string;
  mfa: { totp: boolean; passkeys: number };
}

/** The account columns the view is made of, as SQL returns them. */
export interface AccountRow {
  id: string;
  email: string;
  roles: RoleName[];
  email_verified_at: Date | null;
  created_at: Date;
  password_changed_at: Date;
  /** Whether a confirmed authenticator app exists, and how many passkeys. */
  totp: boolean;
  passkeys: number;
}

export function toAccountView(a: AccountRow): AccountView {
  return {
    id: a.id,
    email: a.email,
    roles: a.roles,
    emailVerified: a.email_verified_at !== null,
    createdAt: a.created_at.toISOString(),
    passwordChangedAt: a.password_changed_at.toISOString(),
    mfa: { totp: a.totp, passkeys: Number(a.passkeys) },
  };
}
