import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { uuidField, type BroadcastStatusView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { problem, ProblemException, staffOf } from '@sargs/platform/service';
import type { BroadcastKind } from './broadcast.entity';
import { BroadcastsService } from './broadcasts.service';

/** API.md "Staff": security incidents (R17) and marketing campaigns (R18). */
@Controller('admin')
export class BroadcastsController {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @Post('incidents')
  @HttpCode(202)
  createIncident(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    return this.broadcasts.createIncident(body, staffOf(request));
  }

  @Get('incidents/:id')
  incident(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<BroadcastStatusView> {
    return this.status(id, 'incident', request);
  }

  @Post('campaigns')
  @HttpCode(202)
  createCampaign(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    return this.broadcasts.createCampaign(body, staffOf(request));
  }

  @Get('campaigns/:id')
  campaign(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<BroadcastStatusView> {
    return this.status(id, 'campaign', request);
  }

  private status(id: string, kind: BroadcastKind, request: RequestWithAssertion): Promise<BroadcastStatusView> {
    staffOf(request);
    if (!uuidField.safeParse(id).success) throw new ProblemException(problem(404, `No such ${kind}`));
    return this.broadcasts.status(id.toLowerCase(), kind);
  }
}
