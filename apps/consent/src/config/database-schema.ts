import type { EntityClass } from '@sargs/platform/privacy';
import { ConsentAccount } from '../consents/consent-account.entity';
import { ConsentRecord } from '../consents/consent-record.entity';
import { PendingSignup } from '../consents/pending-signup.entity';
import { PolicyAcceptance } from '../consents/policy-acceptance.entity';
import { CreateConsentTables1796000000000 } from '../migrations/1796000000000-create-consent-tables';
import { PolicyText } from '../policies/policy-text.entity';
import { PolicyVersion } from '../policies/policy-version.entity';

/**
 * The consent database: its entities and migrations, besides the platform tables every service has.
 * Features add their entities and migrations here; the schema-drift test reads this list.
 */
export const CONSENT_ENTITIES: EntityClass[] = [PolicyVersion, PolicyText, ConsentAccount, ConsentRecord, PolicyAcceptance, PendingSignup];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const CONSENT_MIGRATIONS: Function[] = [CreateConsentTables1796000000000];
