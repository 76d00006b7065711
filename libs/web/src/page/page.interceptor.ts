import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { from, switchMap, type Observable } from 'rxjs';
import { WEB_GATEWAY, type WebGateway } from '../web-gateway.port';
import { PageContext } from './page-context';

export type PageRequest = ConstructorParameters<typeof PageContext>[0] & { page?: PageContext };

/**
 * Opens the page before its handler runs: who is signed in and in which language the page
 * speaks. The handler takes it with `@Page()`.
 */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  constructor(@Inject(WEB_GATEWAY) private readonly gateway: WebGateway) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<PageRequest>();
    const page = new PageContext(req, http.getResponse<ServerResponse>(), this.gateway);
    req.page = page;
    return from(page.open()).pipe(switchMap(() => next.handle()));
  }
}
