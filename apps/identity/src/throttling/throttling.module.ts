import { Module } from '@nestjs/common';
import { ThrottleCounterRepository } from './throttle-counter.repository';
import { ThrottleService } from './throttle.service';

/** Failure counters and backoff in PostgreSQL, shared by every identity instance (login, mail quotas). */
@Module({ providers: [ThrottleCounterRepository, ThrottleService], exports: [ThrottleService] })
export class ThrottlingModule {}
