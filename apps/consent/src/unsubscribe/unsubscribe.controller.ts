import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { oneClickUnsubscribeBody } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { InvalidUnsubscribeTokenError, UnsubscribeTokens, type UnsubscribeClaim } from '@sargs/platform/secrets';
import { parseInput, problem, ProblemException } from '@sargs/platform/service';
import { ConsentsService } from '../consents/consents.service';
import { languageHint } from '../request-context';
import { unsubscribePage, type UnsubscribePage } from './unsubscribe-page';

const tokenQuery = z.object({ token: z.string().min(1, 'is required').max(1024, 'is too long') }).passthrough();

const INVALID_TOKEN = 'The unsubscribe link is invalid';

/**
 * RFC 8058 one-click unsubscribe (R18), without a session: the signed token names the account
 * and purpose. GET shows a page whose button POSTs; only the POST changes anything.
 */
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly tokens: UnsubscribeTokens,
    private readonly consents: ConsentsService,
  ) {}

  @Get()
  page(@Query() query: unknown, @Req() request: RequestWithAssertion, @Res() response: Response): void {
    const language = languageHint(request) ?? 'en';
    const html = (status: number, page: UnsubscribePage, token?: string) =>
      response
        .status(status)
        .set({ 'cache-control': 'no-store', vary: 'Accept-Language, Cookie' })
        .type('text/html; charset=utf-8')
        .send(unsubscribePage(page, language, token));
    const parsed = tokenQuery.safeParse(query ?? {});
    if (!parsed.success) return void html(422, 'invalid');
    if (!this.verify(parsed.data.token)) return void html(400, 'invalid');
    html(200, 'confirm', parsed.data.token);
  }

  /**
   * Mail clients post without a session or Origin. Answers JSON, or a page to a browser that
   * asked for HTML (the confirm page's form). The body must be exactly the one-click form.
   */
  @Post()
  async unsubscribe(@Query() query: unknown, @Body() body: unknown, @Req() request: RequestWithAssertion, @Res() response: Response): Promise<void> {
    const { token } = parseInput(tokenQuery, query, 'The query is not valid');
    parseInput(oneClickUnsubscribeBody, body, 'The body must be List-Unsubscribe=One-Click (RFC 8058)');
    const claim = this.verify(token);
    if (!claim) throw new ProblemException(problem(400, INVALID_TOKEN));
    const { changed } = await this.consents.unsubscribe(claim);
    response.set('cache-control', 'no-store');
    if (request.accepts(['application/json', 'text/html']) === 'text/html') {
      response.status(200).type('text/html; charset=utf-8').send(unsubscribePage('done', languageHint(request) ?? 'en'));
      return;
    }
    response.status(200).json({ purpose: claim.purpose, granted: false, changed });
  }

  private verify(token: string): UnsubscribeClaim | undefined {
    try {
      return this.tokens.verify(token);
    } catch (err) {
      if (err instanceof InvalidUnsubscribeTokenError) return undefined;
      throw err;
    }
  }
}
