import { Inject, Injectable, UnauthorizedException, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { KeyObject } from 'node:crypto';
import { CachingAssertionVerifier, INTERNAL_ASSERTION_HEADER, InvalidAssertionError, type InternalAssertion } from './internal-assertion';

export const ASSERTION_VERIFIER = Symbol('ASSERTION_VERIFIER');

export interface AssertionVerifierConfig {
  /** The gateway's current public key, then any previous ones kept for a rotation. */
  publicKeys: readonly KeyObject[];
  /** This service's name; assertions for other services are refused. */
  audience: string;
}

export type RequestWithAssertion = Request & { assertion?: InternalAssertion };

/**
 * On every path of the service's port (probes and metrics have a port of their own,
 * MANAGEMENT_PORT): no valid assertion from the gateway, 401. A middleware rather
 * than a guard, so even a path with no route says nothing to a caller the gateway did not send.
 */
@Injectable()
export class InternalAssertionMiddleware implements NestMiddleware {
  private readonly verifier: CachingAssertionVerifier;

  constructor(@Inject(ASSERTION_VERIFIER) config: AssertionVerifierConfig) {
    this.verifier = new CachingAssertionVerifier(config.publicKeys, config.audience);
  }

  use(request: RequestWithAssertion, _response: Response, next: NextFunction): void {
    const token = request.header(INTERNAL_ASSERTION_HEADER);
    if (!token) throw new UnauthorizedException('internal assertion missing');
    try {
      request.assertion = this.verifier.verify(token);
    } catch (err) {
      if (err instanceof InvalidAssertionError) throw new UnauthorizedException('internal assertion invalid');
      throw err;
    }
    next();
  }
}
