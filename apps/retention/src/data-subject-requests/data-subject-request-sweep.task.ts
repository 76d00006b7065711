import { Injectable } from '@nestjs/common';
import { Periodic } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { DataSubjectRequestsService } from './data-subject-requests.service';

/** Every DATA_SUBJECT_REQUEST_SWEEP_INTERVAL_MS: overdue requests asked again or raised, expired access results deleted. */
@Injectable()
export class DataSubjectRequestSweepTask {
  constructor(private readonly requests: DataSubjectRequestsService) {}

  @Periodic<AppConfig>({ name: 'data-subject request sweep', every: (config) => config.DATA_SUBJECT_REQUEST_SWEEP_INTERVAL_MS })
  sweep(): Promise<void> {
    return this.requests.sweep();
  }
}
