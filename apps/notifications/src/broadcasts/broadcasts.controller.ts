import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { uuidField, type BroadcastStatusView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { answerPage, problem, ProblemException, staffOf } from '@sargs/platform/service';
import type { BroadcastKind } from './broadcast.entity';
import { broadcastPosition, BroadcastsService, type BroadcastSummary, type ListedKind } from './broadcasts.service';

/** docs/api.md "Staff": security incidents (R17) and marketing campaigns (R18). */
@Controller('admin')
export class BroadcastsController {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @Post('incidents')
  @HttpCode(202)
  createIncident(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    return this.broadcasts.createIncident(body, staffOf(request));
  }

  @Get('incidents')
  incidents(@Query() query: unknown, @Req() request: RequestWithAssertion, @Res({ passthrough: true }) response: Response): Promise<BroadcastSummary[]> {
    return this.list('incident', query, request, response);
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

  @Get('campaigns')
  campaigns(@Query() query: unknown, @Req() request: RequestWithAssertion, @Res({ passthrough: true }) response: Response): Promise<BroadcastSummary[]> {
    return this.list('campaign', query, request, response);
  }

  @Get('campaigns/:id')
  campaign(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<BroadcastStatusView> {
    return this.status(id, 'campaign', request);
  }

  private async list(kind: ListedKind, query: unknown, request: RequestWithAssertion, response: Response): Promise<BroadcastSummary[]> {
    staffOf(request);
    const page = await this.broadcasts.list(kind, query);
    return answerPage(response, page.rows, { limit: page.limit, path: `/admin/${kind}s`, query: page.query, positionOf: broadcastPosition });
  }

  private status(id: string, kind: BroadcastKind, request: RequestWithAssertion): Promise<BroadcastStatusView> {
    staffOf(request);
    if (!uuidField.safeParse(id).success) throw new ProblemException(problem(404, `No such ${kind}`));
    return this.broadcasts.status(id.toLowerCase(), kind);
  }
}
