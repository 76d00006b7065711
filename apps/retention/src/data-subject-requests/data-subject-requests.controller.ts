import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  createDataSubjectRequestBody,
  dataSubjectRequestListQuery,
  ORG_MANAGERS,
  type CreateDataSubjectRequestBody,
  type DataSubjectRequestListQuery,
  type DataSubjectRequestSummary,
  type DataSubjectRequestView,
} from '@sargs/contracts';
import { answerPage, IdParam, OrgMember, Tenant, ZodBody, ZodQuery, type TenantCaller } from '@sargs/platform/service';
import { DataSubjectRequestsService, NO_SUCH_REQUEST } from './data-subject-requests.service';

/**
 * docs/api.md "Organisations": an organisation's data-subject requests, for its owners and admins.
 * The organisation is the one the gateway's assertion names (@Tenant, checked against the path's
 * `:id` by the guard).
 */
@OrgMember(ORG_MANAGERS)
@Controller('orgs/:id/data-subject-requests')
export class DataSubjectRequestsController {
  constructor(private readonly requests: DataSubjectRequestsService) {}

  @Post()
  @HttpCode(202)
  create(@Tenant() tenant: TenantCaller, @ZodBody(createDataSubjectRequestBody) body: CreateDataSubjectRequestBody): Promise<{ id: string }> {
    return this.requests.create(tenant.orgId, body);
  }

  /** Newest first, all or one address's; a longer list links its next page in `Link`. */
  @Get()
  async list(
    @Tenant() tenant: TenantCaller,
    @ZodQuery(dataSubjectRequestListQuery, 'The query is not valid') query: DataSubjectRequestListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DataSubjectRequestSummary[]> {
    const page = await this.requests.list(tenant.orgId, query);
    return answerPage(response, page.rows, {
      limit: page.limit,
      path: `/orgs/${tenant.orgId}/data-subject-requests`,
      query: page.query,
      positionOf: (row) => ({ at: new Date(row.requestedAt), id: row.id }),
    });
  }

  @Get(':rid')
  view(@Tenant() tenant: TenantCaller, @IdParam('rid', NO_SUCH_REQUEST) id: string): Promise<DataSubjectRequestView> {
    return this.requests.view(tenant.orgId, id);
  }
}
