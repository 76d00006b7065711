import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { WEB_GATEWAY, type WebGateway } from '../web-gateway.port';
import { PageError } from './page-error';

/** Every page request counts against the API's per-client limit, as an API request does. */
@Injectable()
export class PageThrottleGuard implements CanActivate {
  constructor(@Inject(WEB_GATEWAY) private readonly gateway: WebGateway) {}

  canActivate(context: ExecutionContext): boolean {
    const admission = this.gateway.admit(context.switchToHttp().getRequest<IncomingMessage>());
    if (!admission.allowed) throw new PageError(429, 'too-many', admission.retryAfterSeconds);
    return true;
  }
}
