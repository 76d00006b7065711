import { Inject, Injectable, SetMetadata, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { KeyObject } from 'node:crypto';
import type { Request } from 'express';
import { INTERNAL_ASSERTION_HEADER, InvalidAssertionError, verifyAssertion, type InternalAssertion } from './internal-assertion';

export const ASSERTION_VERIFIER = Symbol('ASSERTION_VERIFIER');

export interface AssertionVerifierConfig {
  publicKey: KeyObject;
  /** This service's name; assertions for other services are refused. */
  audience: string;
}

const SKIP_ASSERTION = 'sargs:skip-assertion';

/** Health and metrics endpoints only: everything else needs the gateway's assertion. */
export const WithoutAssertion = () => SetMetadata(SKIP_ASSERTION, true);

export type RequestWithAssertion = Request & { assertion?: InternalAssertion };

/** Global guard on every service: a request without a valid assertion from the gateway gets 401. */
@Injectable()
export class InternalAssertionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ASSERTION_VERIFIER) private readonly config: AssertionVerifierConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_ASSERTION, [context.getHandler(), context.getClass()]);
    if (skip) return true;
    const request = context.switchToHttp().getRequest<RequestWithAssertion>();
    const token = request.header(INTERNAL_ASSERTION_HEADER);
    if (!token) throw new UnauthorizedException('internal assertion missing');
    try {
      request.assertion = verifyAssertion(this.config.publicKey, token, this.config.audience);
    } catch (err) {
      if (err instanceof InvalidAssertionError) throw new UnauthorizedException('internal assertion invalid');
      throw err;
    }
    return true;
  }
}
