import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { LoginService } from './login.service';
import type { CreatedSession } from './sessions.service';

/** passport-local over our LoginService: e-mail and password from the JSON body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly login: LoginService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  validate(request: Request, email: string, password: string): Promise<CreatedSession> {
    const assertion = (request as RequestWithAssertion).assertion;
    // The session this browser held, if any: a new login replaces it.
    const replaces = assertion?.sub && assertion.sid ? { accountId: assertion.sub, sessionId: assertion.sid } : undefined;
    return this.login.login(email, password, assertion?.cip, request.header('user-agent'), replaces);
  }
}
