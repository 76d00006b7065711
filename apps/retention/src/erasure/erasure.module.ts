import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { ErasureCaseRepository } from './erasure-case.repository';
import { ErasureCasesService } from './erasure-cases.service';
import { ErasureCertificateSigner } from './erasure-certificate';
import { ErasureEventsConsumer } from './erasure-events.consumer';
import { ErasureSweepTask } from './erasure-sweep.task';
import { ErasuresController } from './erasures.controller';
import { LegalHoldRepository } from './legal-hold.repository';
import { LegalHoldsService } from './legal-holds.service';

/** Erasure cases, their certificates and legal holds (R13-R15, R20). */
@Module({
  controllers: [ErasuresController, ErasureEventsConsumer],
  providers: [
    { provide: ErasureCertificateSigner, useFactory: (config: AppConfig) => new ErasureCertificateSigner(config.PSEUDONYM_KEY), inject: [SERVICE_CONFIG] },
    ErasureCaseRepository,
    LegalHoldRepository,
    ErasureCasesService,
    LegalHoldsService,
    ErasureSweepTask,
  ],
})
export class ErasureModule {}
