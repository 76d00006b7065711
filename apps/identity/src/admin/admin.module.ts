import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { PoliciesModule } from '../policies/policies.module';
import { SecondFactorModule } from '../second-factor/second-factor.module';
import { AdminAccountBootstrap } from './admin-account-bootstrap.service';

/** The first admin, created at boot from SARGS_ADMIN_EMAIL and SARGS_ADMIN_PASSWORD (and SARGS_ADMIN_TOTP_SECRET). */
@Module({ imports: [AccountsModule, CredentialsModule, PoliciesModule, SecondFactorModule], providers: [AdminAccountBootstrap] })
export class AdminModule {}
