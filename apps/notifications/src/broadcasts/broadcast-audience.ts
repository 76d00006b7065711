import type { BroadcastAudience } from './broadcast.entity';

/**
 * Who a broadcast may reach, as SQL over `recipient r` (and `recipient_consent rc` for marketing):
 * not closed, with a proven address; for marketing a current opt-in. The fan-out and the
 * "pending" count use the same condition, so they cannot disagree.
 */
export function audienceCondition(audience: BroadcastAudience): string {
  const active = 'r.closed_at IS NULL AND r.email_verified AND r.email IS NOT NULL';
  return audience === 'opted-in' ? `${active} AND rc.granted` : active;
}

export const AUDIENCE_FROM = `recipient r LEFT JOIN recipient_consent rc ON rc.account_id = r.account_id AND rc.purpose = 'marketing-email'`;
