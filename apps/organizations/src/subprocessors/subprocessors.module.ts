import { Module } from '@nestjs/common';
import { SubprocessorRepository } from './subprocessor.repository';
import { SubprocessorsController } from './subprocessors.controller';
import { SubprocessorsService } from './subprocessors.service';

/** The sub-processor register (Art. 28(2)). */
@Module({
  controllers: [SubprocessorsController],
  providers: [SubprocessorRepository, SubprocessorsService],
})
export class SubprocessorsModule {}
