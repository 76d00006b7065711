import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  broadcastListQuery,
  createCampaignBody,
  createIncidentBody,
  type BroadcastStatusView,
  type CreateCampaignBody,
  type CreateIncidentBody,
} from '@sargs/contracts';
import { Account, answerPage, IdParam, Staff, ZodBody, ZodQuery } from '@sargs/platform/service';
import { broadcastPosition, BroadcastsService, type BroadcastListQuery, type BroadcastSummary, type ListedKind } from './broadcasts.service';

const INVALID_QUERY = 'The query is not valid';

/** docs/api.md "Staff": security incidents (R17) and marketing campaigns (R18). */
@Controller('admin')
@Staff()
export class BroadcastsController {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @Post('incidents')
  @HttpCode(202)
  createIncident(@ZodBody(createIncidentBody) body: CreateIncidentBody, @Account() staffId: string) {
    return this.broadcasts.createIncident(body, staffId);
  }

  @Get('incidents')
  incidents(@ZodQuery(broadcastListQuery, INVALID_QUERY) query: BroadcastListQuery, @Res({ passthrough: true }) response: Response): Promise<BroadcastSummary[]> {
    return this.list('incident', query, response);
  }

  @Get('incidents/:id')
  incident(@IdParam('id', 'No such incident') id: string): Promise<BroadcastStatusView> {
    return this.broadcasts.status(id, 'incident');
  }

  @Post('campaigns')
  @HttpCode(202)
  createCampaign(@ZodBody(createCampaignBody) body: CreateCampaignBody, @Account() staffId: string) {
    return this.broadcasts.createCampaign(body, staffId);
  }

  @Get('campaigns')
  campaigns(@ZodQuery(broadcastListQuery, INVALID_QUERY) query: BroadcastListQuery, @Res({ passthrough: true }) response: Response): Promise<BroadcastSummary[]> {
    return this.list('campaign', query, response);
  }

  @Get('campaigns/:id')
  campaign(@IdParam('id', 'No such campaign') id: string): Promise<BroadcastStatusView> {
    return this.broadcasts.status(id, 'campaign');
  }

  private async list(kind: ListedKind, query: BroadcastListQuery, response: Response): Promise<BroadcastSummary[]> {
    const page = await this.broadcasts.list(kind, query);
    return answerPage(response, page.rows, { limit: page.limit, path: `/admin/${kind}s`, query: page.query, positionOf: broadcastPosition });
  }
}
