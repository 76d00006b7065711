import type { EntityClass } from '@sargs/platform/privacy';
import { Account } from '../accounts/account.entity';
import { CreateIdentityTables1764100000000 } from '../migrations/1764100000000-create-identity-tables';
import { AddEmailChangeAddress1764200000000 } from '../migrations/1764200000000-add-email-change-address';
import { AddSecondFactors1764310000000 } from '../migrations/1764310000000-add-second-factors';
import { AddRestoreReplay1764320000000 } from '../migrations/1764320000000-add-restore-replay';
import { AddMailRequest1764330000000 } from '../migrations/1764330000000-add-mail-request';
import { AddPasskeys1764340000000 } from '../migrations/1764340000000-add-passkeys';
import { AddSessionChangeNotify1764350000000 } from '../migrations/1764350000000-add-session-change-notify';
import { MailRequest } from '../mail-requests/mail-request.entity';
import { KnownPolicyVersion } from '../policies/known-policy-version.entity';
import { Passkey } from '../second-factor/passkeys/passkey.entity';
import { PasskeyChallenge } from '../second-factor/passkeys/passkey-challenge.entity';
import { RecoveryCode } from '../second-factor/recovery-code.entity';
import { RestoreReplay } from '../restore-replay/restore-replay.entity';
import { TotpCredential } from '../second-factor/totp-credential.entity';
import { Session } from '../sessions/session.entity';
import { ThrottleCounter } from '../throttling/throttle-counter.entity';
import { AccountToken } from '../tokens/account-token.entity';

/**
 * The identity database: its entities and migrations, besides the platform tables every service has.
 * Features add their entities and migrations here; the schema-drift test reads this list.
 */
export const IDENTITY_ENTITIES: EntityClass[] = [Account, Session, AccountToken, ThrottleCounter, KnownPolicyVersion, TotpCredential, RecoveryCode, RestoreReplay, MailRequest, Passkey, PasskeyChallenge];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const IDENTITY_MIGRATIONS: Function[] = [CreateIdentityTables1764100000000, AddEmailChangeAddress1764200000000, AddSecondFactors1764310000000, AddRestoreReplay1764320000000, AddMailRequest1764330000000, AddPasskeys1764340000000, AddSessionChangeNotify1764350000000];
