import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ExportCreatedView, ExportDocumentView, ExportStatusView, MyExportsView } from '@sargs/contracts';
import { Account, IdParam, SignedIn } from '@sargs/platform/service';
import { ExportsService, NOT_FOUND } from './exports.service';

/** docs/api.md "Exports": POST /me/exports, its two GETs and the list of mine (R11). Only ever the signed-in person's own exports. */
@SignedIn()
@Controller('me/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  create(@Account() accountId: string): Promise<ExportCreatedView> {
    return this.exports.request(accountId);
  }

  @Get()
  mine(@Account() accountId: string): Promise<MyExportsView> {
    return this.exports.mine(accountId);
  }

  @Get(':id')
  status(@IdParam('id', NOT_FOUND) id: string, @Account() accountId: string): Promise<ExportStatusView> {
    return this.exports.status(accountId, id);
  }

  @Get(':id/download')
  async download(@IdParam('id', NOT_FOUND) id: string, @Account() accountId: string, @Res({ passthrough: true }) response: Response): Promise<ExportDocumentView> {
    const document = await this.exports.download(accountId, id);
    response.setHeader('content-disposition', `attachment; filename="sargs-export-${document.exportId}.json"`);
    response.setHeader('cache-control', 'no-store');
    return document;
  }
}
