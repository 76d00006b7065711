import type { AdminAccountView, RoleName } from '@sargs/contracts';
import type { SecondFactorView } from './second-factor-state';

/** The account columns staff see, as SQL returns them. */
export interface StaffAccountRow {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'closed';
  roles: RoleName[];
  email_verified_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
}

export const STAFF_ACCOUNT_COLUMNS = 'id, email, name, status, roles, email_verified_at, created_at, closed_at';

/**
 * An account row as staff see it. A closed row is `closing` (erasure under way: the address and
 * name are still held until it completes, but staff are not shown them).
 */
export function toAdminAccountView(row: StaffAccountRow, mfa: SecondFactorView): AdminAccountView {
  const active = row.status === 'active';
  return {
    id: row.id,
    email: active ? row.email : null,
    name: active ? row.name : null,
    status: active ? 'active' : 'closing',
    roles: row.roles,
    emailVerified: row.email_verified_at !== null,
    mfa,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/** An erased account: the row is gone, only its id is left (in `erased_subject`, R15). */
export function erasedAccountView(id: string, erasedAt: Date): AdminAccountView {
  return {
    id,
    email: null,
    name: null,
    status: 'closed',
    roles: [],
    emailVerified: false,
    mfa: { enabled: false, methods: [] },
    createdAt: null,
    closedAt: erasedAt.toISOString(),
  };
}
