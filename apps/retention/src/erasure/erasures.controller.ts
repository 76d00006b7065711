import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { certificateVerificationBody, uuidField, type CertificateVerificationView, type ErasureCaseView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { answerPage, parseInput, problem, ProblemException, staffOf } from '@sargs/platform/service';
import { ErasureCertificateSigner } from './erasure-certificate';
import { ErasureCasesService, type ErasureCaseSummary } from './erasure-cases.service';
import { LegalHoldsService, type LegalHoldView } from './legal-holds.service';

const uuidOr404 = (id: string, what: string): string => {
  if (!uuidField.safeParse(id).success) throw new ProblemException(problem(404, `No such ${what}`));
  return id.toLowerCase();
};

/** docs/api.md "Staff": erasure records and legal holds. */
@Controller('admin')
export class ErasuresController {
  constructor(
    private readonly cases: ErasureCasesService,
    private readonly holds: LegalHoldsService,
    private readonly signer: ErasureCertificateSigner,
  ) {}

  /** Newest first, optionally of one status; a longer list links its next page in `Link`. */
  @Get('erasures')
  async erasures(@Query() query: unknown, @Req() request: RequestWithAssertion, @Res({ passthrough: true }) response: Response): Promise<ErasureCaseSummary[]> {
    staffOf(request);
    const page = await this.cases.list(query);
    return answerPage(response, page.rows, {
      limit: page.limit,
      path: '/admin/erasures',
      query: page.query,
      positionOf: (row) => ({ at: new Date(row.requestedAt), id: row.caseId }),
    });
  }

  @Get('erasures/:caseId')
  erasure(@Param('caseId') caseId: string, @Req() request: RequestWithAssertion): Promise<ErasureCaseView> {
    staffOf(request);
    return this.cases.view(uuidOr404(caseId, 'erasure case'));
  }

  /** Whether this service issued a certificate exactly as given (its own key, every field unchanged). */
  @Post('erasures/certificate-verification')
  @HttpCode(200)
  verifyCertificate(@Body() body: unknown, @Req() request: RequestWithAssertion): CertificateVerificationView {
    staffOf(request);
    return this.signer.check(parseInput(certificateVerificationBody, body).certificate);
  }

  @Post('legal-holds')
  @HttpCode(201)
  placeHold(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    return this.holds.place(body, staffOf(request));
  }

  /** Active and lifted holds, newest first, optionally of one account or state; paged like the erasures. */
  @Get('legal-holds')
  async holdList(@Query() query: unknown, @Req() request: RequestWithAssertion, @Res({ passthrough: true }) response: Response): Promise<LegalHoldView[]> {
    staffOf(request);
    const page = await this.holds.list(query);
    return answerPage(response, page.rows, {
      limit: page.limit,
      path: '/admin/legal-holds',
      query: page.query,
      positionOf: (row) => ({ at: new Date(row.createdAt), id: row.id }),
    });
  }

  @Delete('legal-holds/:id')
  @HttpCode(204)
  async releaseHold(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<void> {
    const staff = staffOf(request);
    await this.holds.release(uuidOr404(id, 'legal hold'), staff);
  }
}
