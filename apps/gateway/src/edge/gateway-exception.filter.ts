import { Catch, Injectable, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemDetailsFilter } from '@sargs/platform/service/http';
import { isPagePath, PageErrorRenderer } from '@sargs/web';

/**
 * One answer shape per audience: a failure on a web page (a 404 path, a form body the parser
 * refused, a page that threw) is a page; everything else (health, metrics, docs) problem+json.
 */
@Catch()
@Injectable()
export class GatewayExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly problems: ProblemDetailsFilter,
    private readonly pages: PageErrorRenderer,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<IncomingMessage>();
    if (host.getType() !== 'http' || !isPagePath(req.url)) return this.problems.catch(exception, host);
    const res = host.switchToHttp().getResponse<ServerResponse>();
    this.pages.render(req, res, exception).catch(() => {
      if (!res.headersSent) res.destroy();
    });
  }
}
