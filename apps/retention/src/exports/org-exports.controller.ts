import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ORG_MANAGERS, type ExportCreatedView, type ExportStatusView, type OrgExportDocumentView, type OrgExportsView } from '@sargs/contracts';
import { IdParam, OrgMember, Tenant, type TenantCaller } from '@sargs/platform/service';
import { ExportsService, NOT_FOUND } from './exports.service';

/**
 * docs/api.md "Organisations": an organisation's export, for its owners and admins. The
 * organisation is the one the gateway's assertion names (@Tenant, checked against the path's
 * `:id` by the guard); an export is found only under its own organisation.
 */
@OrgMember(ORG_MANAGERS)
@Controller('orgs/:id/exports')
export class OrgExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  create(@Tenant() tenant: TenantCaller): Promise<ExportCreatedView> {
    return this.exports.requestForOrganisation(tenant.orgId);
  }

  @Get()
  list(@Tenant() tenant: TenantCaller): Promise<OrgExportsView> {
    return this.exports.ofOrganisation(tenant.orgId);
  }

  @Get(':eid')
  status(@Tenant() tenant: TenantCaller, @IdParam('eid', NOT_FOUND) id: string): Promise<ExportStatusView> {
    return this.exports.organisationStatus(tenant.orgId, id);
  }

  @Get(':eid/download')
  async download(@Tenant() tenant: TenantCaller, @IdParam('eid', NOT_FOUND) id: string, @Res({ passthrough: true }) response: Response): Promise<OrgExportDocumentView> {
    const document = await this.exports.organisationDownload(tenant.orgId, id);
    response.setHeader('content-disposition', `attachment; filename="sargs-organisation-export-${document.exportId}.json"`);
    response.setHeader('cache-control', 'no-store');
    return document;
  }
}
