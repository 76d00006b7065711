import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SCRIPT, STYLESHEET, type WebAsset } from './web-assets';

/** The stylesheet and script: versioned URLs, so browsers keep them for a year. */
@Controller('assets')
export class AssetsController {
  @Get('sargs.css')
  stylesheet(@Res() res: Response): void {
    send(res, STYLESHEET);
  }

  @Get('sargs.js')
  script(@Res() res: Response): void {
    send(res, SCRIPT);
  }
}

function send(res: Response, asset: WebAsset): void {
  res.status(200).set({ 'content-type': asset.contentType, 'cache-control': 'public, max-age=31536000, immutable', 'content-length': String(asset.body.length) });
  res.end(asset.body);
}
