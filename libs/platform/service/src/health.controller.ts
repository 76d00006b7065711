import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { metricsRegistry, READINESS_CHECKS, runReadinessChecks, type ReadinessCheck } from '@sargs/platform/observability';
import { PROBLEM_CONTENT_TYPE, problem } from './problem-details';

/**
 * Liveness, readiness (each dependency really checked; only the gating ones decide) and Prometheus
 * metrics: the management app of every app (management-app.ts), on MANAGEMENT_PORT.
 */
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
    res
      .status(503)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem(503, `Not ready: ${report.failing.join(', ')} unavailable`), checks: report.checks }));
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
