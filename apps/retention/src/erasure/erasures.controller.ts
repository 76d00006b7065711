import { Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { certificateVerificationBody, erasureListQuery, legalHoldBody, legalHoldListQuery, type CertificateVerificationView, type ErasureCaseView } from '@sargs/contracts';
import { Account, answerPage, IdParam, Staff, ZodBody, ZodQuery } from '@sargs/platform/service';
import type { z } from 'zod';
import { ErasureCertificateSigner } from './erasure-certificate';
import { ErasureCasesService, type ErasureCaseSummary } from './erasure-cases.service';
import { LegalHoldsService, type LegalHoldView } from './legal-holds.service';

/** docs/api.md "Staff": erasure records and legal holds. */
@Staff()
@Controller('admin')
export class ErasuresController {
  constructor(
    private readonly cases: ErasureCasesService,
    private readonly holds: LegalHoldsService,
    private readonly signer: ErasureCertificateSigner,
  ) {}

  /** Newest first, optionally of one status; a longer list links its next page in `Link`. */
  @Get('erasures')
  async erasures(@ZodQuery(erasureListQuery, 'The query is not valid') query: z.output<typeof erasureListQuery>, @Res({ passthrough: true }) response: Response): Promise<ErasureCaseSummary[]> {
    const page = await this.cases.list(query);
    return answerPage(response, page.rows, {
      limit: page.limit,
      path: '/admin/erasures',
      query: page.query,
      positionOf: (row) => ({ at: new Date(row.requestedAt), id: row.caseId }),
    });
  }

  @Get('erasures/:caseId')
  erasure(@IdParam('caseId', 'No such erasure case') caseId: string): Promise<ErasureCaseView> {
    return this.cases.view(caseId);
  }

  /** Whether this service issued a certificate exactly as given (its own key, every field unchanged). */
  @Post('erasures/certificate-verification')
  @HttpCode(200)
  verifyCertificate(@ZodBody(certificateVerificationBody) body: z.output<typeof certificateVerificationBody>): CertificateVerificationView {
    return this.signer.check(body.certificate);
  }

  @Post('legal-holds')
  @HttpCode(201)
  placeHold(@ZodBody(legalHoldBody) body: z.output<typeof legalHoldBody>, @Account() staffId: string) {
    return this.holds.place(body, staffId);
  }

  /** Active and lifted holds, newest first, optionally of one account or state; paged like the erasures. */
  @Get('legal-holds')
  async holdList(@ZodQuery(legalHoldListQuery, 'The query is not valid') query: z.output<typeof legalHoldListQuery>, @Res({ passthrough: true }) response: Response): Promise<LegalHoldView[]> {
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
  async releaseHold(@IdParam('id', 'No such legal hold') id: string, @Account() staffId: string): Promise<void> {
    await this.holds.release(id, staffId);
  }
}
