import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { uuidField, type ErasureCaseView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { problem, ProblemException, staffOf } from '@sargs/platform/service';
import { ErasureCasesService } from './erasure-cases.service';
import { LegalHoldsService } from './legal-holds.service';

const uuidOr404 = (id: string, what: string): string => {
  if (!uuidField.safeParse(id).success) throw new ProblemException(problem(404, `No such ${what}`));
  return id.toLowerCase();
};

/** API.md "Staff": erasure records and legal holds. */
@Controller('admin')
export class ErasuresController {
  constructor(
    private readonly cases: ErasureCasesService,
    private readonly holds: LegalHoldsService,
  ) {}

  @Get('erasures/:caseId')
  erasure(@Param('caseId') caseId: string, @Req() request: RequestWithAssertion): Promise<ErasureCaseView> {
    staffOf(request);
    return this.cases.view(uuidOr404(caseId, 'erasure case'));
  }

  @Post('legal-holds')
  @HttpCode(201)
  placeHold(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    return this.holds.place(body, staffOf(request));
  }

  @Get('legal-holds')
  activeHolds(@Req() request: RequestWithAssertion) {
    staffOf(request);
    return this.holds.active();
  }

  @Delete('legal-holds/:id')
  @HttpCode(204)
  async releaseHold(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<void> {
    const staff = staffOf(request);
    await this.holds.release(uuidOr404(id, 'legal hold'), staff);
  }
}
