import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { metricsRegistry, READINESS_CHECKS, runReadinessChecks, type ReadinessCheck } from '@sargs/platform/observability';
import { PROBLEM_CONTENT_TYPE, problem } from './problem-details';

/** Liveness, readiness (each dependency really checked) and Prometheus metrics, on every app; no assertion needed. */
@Controller()
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    const report = await runReadinessChecks(this.checks);
    if (report.ready) {
      res.status(200).json({ status: 'ready', checks: report.checks });
      return;
    }
    const down = Object.keys(report.checks).filter((k) => report.checks[k] === 'down');
    res
      .status(503)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem(503, `Not ready: ${down.join(', ')} unavailable`), checks: report.checks }));
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
