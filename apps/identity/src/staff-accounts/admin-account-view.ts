import type { AdminAccountView } from '@sargs/contracts';
import type { StaffAccountRow } from '../accounts/account.repository';
import type { SecondFactorView } from './second-factor-state';

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
