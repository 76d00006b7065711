import { Controller, HttpCode, Post } from '@nestjs/common';
import { closureBody, type ClosureBody } from '@sargs/contracts';
import { Account, SignedIn, ZodBody } from '@sargs/platform/service';
import { LoginService } from '../sessions/login.service';

/** Where the gateway confirms a password before it forwards a request (RouteSpecial `confirm-password`). */
export const PASSWORD_CONFIRMATION_PATH = 'internal/password-confirmations';

/**
 * The gateway's check of the signed-in person's password for a route of another service that
 * needs it (deleting an organisation): internal, never routed from outside. The same re-entry as
 * closure's (the session's own throttling budget; a wrong password 422 on `password`, too many
 * 429), so the password reaches identity alone.
 */
@Controller()
export class PasswordConfirmationController {
  constructor(private readonly login: LoginService) {}

  @SignedIn()
  @Post(PASSWORD_CONFIRMATION_PATH)
  @HttpCode(204)
  async confirm(@Account() accountId: string, @ZodBody(closureBody) body: ClosureBody): Promise<void> {
    await this.login.confirmPassword(accountId, body.password, 'password');
  }
}
