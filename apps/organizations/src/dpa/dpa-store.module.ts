import { Module } from '@nestjs/common';
import { DpaRepository } from './dpa.repository';

/** The DPA versions and acceptances, for the DPA feature and the organisation view (which shows the acceptance). */
@Module({
  providers: [DpaRepository],
  exports: [DpaRepository],
})
export class DpaStoreModule {}
