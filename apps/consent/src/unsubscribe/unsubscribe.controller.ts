import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { oneClickUnsubscribeBody, type Language } from '@sargs/contracts';
import { InvalidUnsubscribeTokenError, UnsubscribeTokens, type UnsubscribeClaim } from '@sargs/platform/secrets';
import { InvalidTokenError, LanguageHint, ZodBody, ZodQuery } from '@sargs/platform/service';
import { ConsentsService } from '../consents/consents.service';
import { unsubscribePage, type UnsubscribePage } from './unsubscribe-page';

const tokenField = z.string().min(1, 'is required').max(1024, 'is too long');
const tokenQuery = z.object({ token: tokenField }).passthrough();

const INVALID_TOKEN = 'The unsubscribe link is invalid';

/**
 * RFC 8058 one-click unsubscribe (R18), without a session: the encrypted token names the account
 * and purpose. GET shows a page whose button POSTs; only the POST changes anything.
 */
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly tokens: UnsubscribeTokens,
    private readonly consents: ConsentsService,
  ) {}

  /** A bad link answers a page, not a problem, so the token is checked here rather than by a pipe. */
  @Get()
  page(@Query('token') tokenParam: unknown, @LanguageHint() hint: Language | undefined, @Res() response: Response): void {
    const language = hint ?? 'en';
    const html = (status: number, page: UnsubscribePage, token?: string) =>
      response
        .status(status)
        .set({ 'cache-control': 'no-store', vary: 'Accept-Language, Cookie' })
        .type('text/html; charset=utf-8')
        .send(unsubscribePage(page, language, token));
    const parsed = tokenField.safeParse(tokenParam);
    if (!parsed.success) return void html(422, 'invalid');
    if (!this.verify(parsed.data)) return void html(400, 'invalid');
    html(200, 'confirm', parsed.data);
  }

  /**
   * Mail clients post without a session or Origin. Answers JSON, or a page to a browser that
   * asked for HTML (the confirm page's form). The body must be exactly the one-click form.
   */
  @Post()
  async unsubscribe(
    @ZodQuery(tokenQuery, 'The query is not valid') { token }: z.output<typeof tokenQuery>,
    // Checked only for its shape: the one-click form carries nothing else.
    @ZodBody(oneClickUnsubscribeBody, 'The body must be List-Unsubscribe=One-Click (RFC 8058)') _body: unknown,
    @LanguageHint() hint: Language | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const claim = this.verify(token);
    if (!claim) throw new InvalidTokenError(INVALID_TOKEN);
    const { changed } = await this.consents.unsubscribe(claim);
    response.set('cache-control', 'no-store');
    if (request.accepts(['application/json', 'text/html']) === 'text/html') {
      response.status(200).type('text/html; charset=utf-8').send(unsubscribePage('done', hint ?? 'en'));
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
