import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { Layout } from '../layout/layout';
import { WEB_GATEWAY, type WebGateway } from '../web-gateway.port';
import { PageContext } from './page-context';
import { PageError } from './page-error';
import type { PageRequest } from './page.interceptor';

/**
 * express's body parsers fail with `status` and `type` (413 too large, 415 a charset they do not
 * read, 400 malformed), or, for a body that says it is compressed and is not, with the zlib error
 * itself made a 400 (`expose`, no `type`).
 */
function bodyParserStatus(e: unknown): number | undefined {
  const candidate = e as { status?: unknown; type?: unknown; expose?: unknown } | null;
  if (typeof candidate?.status !== 'number') return undefined;
  return typeof candidate.type === 'string' || candidate.expose === true ? candidate.status : undefined;
}

/**
 * Every failure of a page as a page: in the person's language and layout, with the right status
 * and nothing of the cause (no stack, no upstream detail). An ended session goes to log in.
 */
@Injectable()
export class PageErrorRenderer {
  constructor(
    @Inject(WEB_GATEWAY) private readonly gateway: WebGateway,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async render(req: PageRequest, res: ServerResponse, exception: unknown): Promise<void> {
    if (res.headersSent) return;
    const error = this.classify(exception);
    let page = req.page;
    if (!page) {
      page = new PageContext(req, res, this.gateway);
      await page.open().catch(() => undefined);
    }
    if (error.reason === 'session-ended') {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(page.here)}` : '';
      return page.redirect(`/login${next}`);
    }
    const t = page.t;
    const message = {
      'bad-request': t.badRequest,
      forbidden: t.forbidden,
      'forbidden-staff': t.forbiddenStaff,
      'second-factor-required': t.secondFactorRequired,
      'not-found': t.notFound,
      'too-large': t.tooLarge,
      'too-many': t.tooMany(error.retryAfterSeconds ?? 60),
      unavailable: t.unavailable,
    }[error.reason];
    if (error.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(error.retryAfterSeconds));
    page.render(
      <Layout page={page} title={t.errorTitle(error.status)}>
        <h1>{t.errorTitle(error.status)}</h1>
        <p>{message}</p>
        {error.reason === 'second-factor-required' && (
          <p>
            <a href="/account/security">{t.setUpSecondFactor}</a>
          </p>
        )}
        <p>
          <a href="/">{t.backHome}</a>
        </p>
      </Layout>,
      error.status,
    );
  }

  private classify(exception: unknown): PageError {
    if (exception instanceof PageError) return exception;
    const parserStatus = bodyParserStatus(exception);
    if (parserStatus === 413) return new PageError(413, 'too-large');
    if (parserStatus !== undefined) return new PageError(400, 'bad-request');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest's own 400: JSON that does not parse, or a path with broken percent-encoding.
      if (status === 400) return new PageError(400, 'bad-request');
      if (status === 404) return new PageError(404, 'not-found');
      if (status === 403) return new PageError(403, 'forbidden');
    }
    const err = exception as Error;
    this.logger.error({ err: { name: err?.name, message: err?.message, stack: err?.stack } }, 'page failed');
    return new PageError(500, 'unavailable');
  }
}
