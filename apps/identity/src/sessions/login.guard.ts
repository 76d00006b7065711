import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { loginBody } from '@sargs/contracts';
import { NotSignedInError, parseInput } from '@sargs/platform/service';
import { LOGIN_FAILED } from './login.service';

/**
 * Checks the body's shape first (422 naming the field, docs/api.md), then runs passport-local, which
 * would otherwise answer a missing field with its own 401. (A guard, so not @ZodBody: guards run
 * before pipes, and passport reads the body here.)
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest<Request>();
    request.body = parseInput(loginBody, request.body);
    return super.canActivate(context);
  }

  // Passport's failure is the one 401 of LoginService; other errors (429) pass through unchanged.
  override handleRequest<T>(err: unknown, user: T | false): T {
    if (err) throw err;
    if (!user) throw new NotSignedInError(LOGIN_FAILED);
    return user;
  }
}
