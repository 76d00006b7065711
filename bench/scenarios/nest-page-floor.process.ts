// The web-account-page scenario's floor: the account page's own HTML, sent by a Nest app on
// Express over HTTPS (the gateway's certificate) from a handler that does nothing else. What any
// page served through Nest costs on this machine before its own work: no session, no render.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { Controller, Get, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const html = process.env.BENCH_PAGE_HTML as string;
const port = Number(process.env.BENCH_PORT);

@Controller()
class FloorPageController {
  /** The headers PageContext.render sets, then the page as it is. */
  @Get('account')
  page(@Res() res: ServerResponse): void {
    res.statusCode = 200;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-length', Buffer.byteLength(html));
    res.end(html);
  }
}

@Module({ controllers: [FloorPageController] })
class FloorModule {}

void (async () => {
  const httpsOptions = { cert: readFileSync(process.env.BENCH_CERT_FILE as string), key: readFileSync(process.env.BENCH_KEY_FILE as string) };
  const app = await NestFactory.create(FloorModule, { httpsOptions, logger: false });
  await app.listen(port, '127.0.0.1');
})().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
