import type { ServiceDefinition } from '@sargs/platform/service';
import { AccountsModule } from './accounts/accounts.module';
import { AdminModule } from './admin/admin.module';
import { ClosureModule } from './closure/closure.module';
import { EmailChangeModule } from './email-change/email-change.module';
import { MailRequestsModule } from './mail-requests/mail-requests.module';
import { PasswordConfirmationModule } from './password-confirmation/password-confirmation.module';
import { PasswordsModule } from './passwords/passwords.module';
import { PolicyVersionReadinessCheck } from './policies/policy-version.readiness';
import { ProfilesModule } from './profiles/profiles.module';
import { PurgeModule } from './purge/purge.module';
import { RestoreReplayModule } from './restore-replay/restore-replay.module';
import { SecondFactorModule } from './second-factor/second-factor.module';
import { SessionsModule } from './sessions/sessions.module';
import { StaffAccountsModule } from './staff-accounts/staff-accounts.module';
import { appConfigSchema } from './config/app-config';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './config/database-schema';

/** The identity service: its process (main.ts) and its in-process tests boot this. */
export const identityService: ServiceDefinition<typeof appConfigSchema> = {
  name: 'identity',
  configSchema: appConfigSchema,
  entities: IDENTITY_ENTITIES,
  migrations: IDENTITY_MIGRATIONS,
  features: [AccountsModule, SessionsModule, SecondFactorModule, PasswordsModule, EmailChangeModule, ClosureModule, StaffAccountsModule, ProfilesModule, AdminModule, PurgeModule, RestoreReplayModule, MailRequestsModule, PasswordConfirmationModule],
  readinessChecks: [PolicyVersionReadinessCheck],
};
