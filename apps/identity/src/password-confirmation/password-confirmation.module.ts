import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { PasswordConfirmationController } from './password-confirmation.controller';

/** The gateway's password check for other services' routes (docs/gateway.md, RouteSpecial `confirm-password`). */
@Module({
  imports: [SessionsModule],
  controllers: [PasswordConfirmationController],
})
export class PasswordConfirmationModule {}
