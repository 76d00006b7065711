import { Module } from '@nestjs/common';
import { PrivacyRequestOverdueCheckTask } from './privacy-request-overdue-check.task';
import { PrivacyRequestRepository } from './privacy-request.repository';
import { PrivacyRequestsController } from './privacy-requests.controller';
import { PrivacyRequestsService } from './privacy-requests.service';

/** The privacy-request channel (R12, R22) and its staff console (R23). */
@Module({
  controllers: [PrivacyRequestsController],
  providers: [PrivacyRequestRepository, PrivacyRequestsService, PrivacyRequestOverdueCheckTask],
})
export class PrivacyRequestsModule {}
