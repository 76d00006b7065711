import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ExportCreatedView, ExportDocumentView, ExportStatusView, MyExportsView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { accountOf } from '@sargs/platform/service';
import { ExportsService } from './exports.service';

/** docs/api.md "Exports": POST /me/exports, its two GETs and the list of mine (R11). Only ever the signed-in person's own exports. */
@Controller('me/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  create(@Req() request: RequestWithAssertion): Promise<ExportCreatedView> {
    return this.exports.request(accountOf(request));
  }

  @Get()
  mine(@Req() request: RequestWithAssertion): Promise<MyExportsView> {
    return this.exports.mine(accountOf(request));
  }

  @Get(':id')
  status(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<ExportStatusView> {
    return this.exports.status(accountOf(request), id);
  }

  @Get(':id/download')
  async download(@Param('id') id: string, @Req() request: RequestWithAssertion, @Res({ passthrough: true }) response: Response): Promise<ExportDocumentView> {
    const document = await this.exports.download(accountOf(request), id);
    response.setHeader('content-disposition', `attachment; filename="sargs-export-${document.exportId}.json"`);
    response.setHeader('cache-control', 'no-store');
    return document;
  }
}
