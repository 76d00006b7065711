import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { CertificateKeysController } from './certificate-keys.controller';
import { ErasureCaseRepository } from './erasure-case.repository';
import { ErasureCasesService } from './erasure-cases.service';
import { CertificateKeys, ErasureCertificateSigner } from './erasure-certificate';
import { ErasureEventsConsumer } from './erasure-events.consumer';
import { ErasureSweepTask } from './erasure-sweep.task';
import { ErasuresController } from './erasures.controller';
import { LegalHoldRepository } from './legal-hold.repository';
import { LegalHoldsService } from './legal-holds.service';

/** Erasure cases, their certificates and legal holds (R13-R15, R20). */
@Module({
  controllers: [ErasuresController, CertificateKeysController, ErasureEventsConsumer],
  providers: [
    {
      provide: ErasureCertificateSigner,
      useFactory: (config: AppConfig) => new ErasureCertificateSigner(new CertificateKeys(config.CERTIFICATE_SIGNING_KEY, config.CERTIFICATE_SIGNING_PREVIOUS_PUBLIC_KEYS)),
      inject: [SERVICE_CONFIG],
    },
    ErasureCaseRepository,
    LegalHoldRepository,
    ErasureCasesService,
    LegalHoldsService,
    ErasureSweepTask,
  ],
})
export class ErasureModule {}
