import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { SecretSealer } from '@sargs/platform/secrets';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import { AccountsController } from './accounts/accounts.controller';
import { MailQuotaService } from './accounts/mail-quota.service';
import { RegistrationService } from './accounts/registration.service';
import { AdminAccountBootstrap } from './admin/admin-account-bootstrap.service';
import { ClosureController } from './closure/closure.controller';
import { ClosureService } from './closure/closure.service';
import type { AppConfig } from './config/app-config';
import { EmailChangeController } from './email-change/email-change.controller';
import { EmailChangeService } from './email-change/email-change.service';
import { IdentityPurgeTask } from './identity-purge.task';
import { PasswordChangeService } from './passwords/password-change.service';
import { PasswordHasher } from './passwords/password-hasher.service';
import { PasswordsController } from './passwords/passwords.controller';
import { CurrentPolicyService } from './policies/current-policy.service';
import { PolicyEventsConsumer } from './policies/policy-events.consumer';
import { AccountCopiesService } from './profiles/account-copies.service';
import { ProfileEventsConsumer } from './profiles/profile-events.consumer';
import { LocalStrategy } from './sessions/local.strategy';
import { LoginService } from './sessions/login.service';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { LastAdminGuard } from './staff-accounts/last-admin-guard';
import { SecondFactorState } from './staff-accounts/second-factor-state';
import { StaffAccountsController } from './staff-accounts/staff-accounts.controller';
import { StaffAccountsService } from './staff-accounts/staff-accounts.service';
import { ThrottleService } from './throttling/throttle.service';
import { AccountTokensService } from './tokens/account-tokens.service';

/** Accounts, credentials, sessions, closure, e-mail change and staff roles (docs/api.md "Accounts and sessions", "Profile and preferences", "Staff lookups, roles and the audit trail"). */
@Module({
  imports: [PassportModule],
  controllers: [AccountsController, SessionsController, PasswordsController, ClosureController, EmailChangeController, StaffAccountsController],
  providers: [
    { provide: SecretSealer, useFactory: (config: AppConfig) => new SecretSealer(config.SECRET_SEALING_KEY), inject: [SERVICE_CONFIG] },
    PasswordHasher,
    ThrottleService,
    MailQuotaService,
    AccountTokensService,
    CurrentPolicyService,
    PolicyEventsConsumer,
    RegistrationService,
    SessionsService,
    LoginService,
    LocalStrategy,
    PasswordChangeService,
    ClosureService,
    EmailChangeService,
    AccountCopiesService,
    ProfileEventsConsumer,
    SecondFactorState,
    LastAdminGuard,
    StaffAccountsService,
    AdminAccountBootstrap,
    IdentityPurgeTask,
  ],
})
export class IdentityModule {}
