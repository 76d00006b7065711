import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { ErasureCasesService } from './erasure-cases.service';
import { ErasureCertificateSigner } from './erasure-certificate';
import { ErasureEventsConsumer } from './erasure-events.consumer';
import { ErasureSweepTask } from './erasure-sweep.task';
import { ErasuresController } from './erasures.controller';
import { LegalHoldsService } from './legal-holds.service';

/** Erasure cases, their certificates and legal holds (R13-R15, R20). */
@Module({})
export class ErasureModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ErasureModule,
      controllers: [ErasuresController],
      providers: [
        { provide: RETENTION_CONFIG, useValue: config },
        { provide: ErasureCertificateSigner, useValue: new ErasureCertificateSigner(config.PSEUDONYM_KEY) },
        ErasureCasesService,
        LegalHoldsService,
        ErasureEventsConsumer,
        ErasureSweepTask,
      ],
    };
  }
}
