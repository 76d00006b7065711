import type { EntityClass } from '@sargs/platform/privacy';
import { Account } from '../accounts/account.entity';
import { CreateIdentityTables1764100000000 } from '../migrations/1764100000000-create-identity-tables';
import { AddEmailChangeAddress1764200000000 } from '../migrations/1764200000000-add-email-change-address';
import { KnownPolicyVersion } from '../policies/known-policy-version.entity';
import { Session } from '../sessions/session.entity';
import { ThrottleCounter } from '../throttling/throttle-counter.entity';
import { AccountToken } from '../tokens/account-token.entity';

/**
 * The identity database: its entities and migrations, besides the platform tables every service has.
 * Features add their entities and migrations here; the schema-drift test reads this list.
 */
export const IDENTITY_ENTITIES: EntityClass[] = [Account, Session, AccountToken, ThrottleCounter, KnownPolicyVersion];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const IDENTITY_MIGRATIONS: Function[] = [CreateIdentityTables1764100000000, AddEmailChangeAddress1764200000000];
