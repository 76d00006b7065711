import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { z } from 'zod';
import { policyLanguageQuery, policyVersionField, publishPolicyBody, type Language } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { Account, etagMatches, LanguageHint, NotFoundError, Staff, ZodBody, ZodQuery } from '@sargs/platform/service';
import { PoliciesService, toDocumentView, type PolicyPublication } from './policies.service';
import { policyEtag } from './policy-etag';

/** The current version may change at any moment: caches may keep it a minute. */
const CURRENT_CACHE = 'public, max-age=60';
/** A named version never changes once published. */
const VERSION_CACHE = 'public, max-age=86400';

type LanguageQuery = z.output<typeof policyLanguageQuery>;

const INVALID_QUERY = 'The query is not valid';

/**
 * The language of a policy read: `?lang=`, else the gateway's hint (lang cookie, else
 * Accept-Language), else en. Only an answer that followed the hint varies with those headers.
 */
function languageOf({ lang }: LanguageQuery, hint: Language | undefined): { language: Language; varies: boolean } {
  if (lang) return { language: lang, varies: false };
  return { language: hint ?? 'en', varies: true };
}

/** docs/api.md "Policy and consent": the public policy documents and staff publishing (R25). */
@Controller()
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get('policies/privacy')
  async current(
    @ZodQuery(policyLanguageQuery, INVALID_QUERY) query: LanguageQuery,
    @LanguageHint() hint: Language | undefined,
    @Req() request: RequestWithAssertion,
    @Res() response: Response,
  ): Promise<void> {
    const { language, varies } = languageOf(query, hint);
    const document = await this.policies.document(null, language);
    if (!document) throw new NotFoundError('No privacy policy has been published yet');
    this.send(request, response, toDocumentView(document), CURRENT_CACHE, varies);
  }

  @Get('policies/privacy/versions')
  list() {
    return this.policies.list();
  }

  @Get('policies/privacy/versions/:version')
  async version(
    @Param('version') version: string,
    @ZodQuery(policyLanguageQuery, INVALID_QUERY) query: LanguageQuery,
    @LanguageHint() hint: Language | undefined,
    @Req() request: RequestWithAssertion,
    @Res() response: Response,
  ): Promise<void> {
    const { language, varies } = languageOf(query, hint);
    const document = policyVersionField.safeParse(version).success ? await this.policies.document(version, language) : undefined;
    if (!document) throw new NotFoundError('No such policy version');
    this.send(request, response, toDocumentView(document), VERSION_CACHE, varies);
  }

  @Post('admin/policies/privacy')
  @HttpCode(201)
  @Staff()
  publish(@ZodBody(publishPolicyBody) body: PolicyPublication, @Account() staffId: string) {
    return this.policies.publishByStaff(body, staffId);
  }

  private send(request: RequestWithAssertion, response: Response, view: ReturnType<typeof toDocumentView>, cache: string, varies: boolean): void {
    const etag = policyEtag(view.version, view.language, view.sha256);
    response.set({ etag, 'cache-control': cache, ...(varies ? { vary: 'Accept-Language, Cookie' } : {}) });
    if (etagMatches(request.headers['if-none-match'], etag)) {
      response.status(304).end();
      return;
    }
    response.status(200).json(view);
  }
}
