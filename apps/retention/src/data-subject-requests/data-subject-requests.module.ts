import { Module } from '@nestjs/common';
import { DataSubjectRequestSweepTask } from './data-subject-request-sweep.task';
import { DataSubjectRequestRepository } from './data-subject-request.repository';
import { DataSubjectRequestsConsumer } from './data-subject-requests.consumer';
import { DataSubjectRequestsController } from './data-subject-requests.controller';
import { DataSubjectRequestsService } from './data-subject-requests.service';

/** An organisation's data-subject requests (GDPR Art. 28(3)(e)): ask every tenant service, collect, answer, forget the address. */
@Module({
  controllers: [DataSubjectRequestsController, DataSubjectRequestsConsumer],
  providers: [DataSubjectRequestRepository, DataSubjectRequestsService, DataSubjectRequestSweepTask],
})
export class DataSubjectRequestsModule {}
