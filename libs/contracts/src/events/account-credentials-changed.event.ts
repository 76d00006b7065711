import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { ROLE_NAMES } from '../http/roles';
import { TOPICS } from '../topics';

/** What changed: the secret (a password change or reset, a second factor), the address, or the roles. */
export const CREDENTIAL_CHANGES = ['password-changed', 'password-reset', 'email-changed', 'roles-changed', 'second-factor-changed'] as const;

export type CredentialChange = (typeof CREDENTIAL_CHANGES)[number];

/**
 * The ledger's record of a credential change (identity.ledger.v1, kept 35 days). Never a secret or
 * an address: the account, what changed, and the account's credential version after the change
 * (one more at every change), so a replay after a restore can tell whether the restored row
 * already has it. `roles` (every role held now) comes with `roles-changed` only.
 */
export const AccountCredentialsChanged = defineEvent({
  topic: TOPICS.identityLedger,
  type: 'AccountCredentialsChanged',
  schemaVersion: 1,
  subject: 'accountId',
  payload: z
    .object({
      accountId: z.string().uuid(),
      change: z.enum(CREDENTIAL_CHANGES),
      credentialVersion: z.number().int().min(1),
      roles: z.array(z.enum(ROLE_NAMES)).max(ROLE_NAMES.length).optional(),
      changedAt: z.string().datetime({ offset: true }),
    })
    .strict()
    .refine((p) => (p.change === 'roles-changed') === (p.roles !== undefined), { message: 'roles come with roles-changed, and only with it', path: ['roles'] }),
});
