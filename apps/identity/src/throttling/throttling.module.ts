import { Module } from '@nestjs/common';
import { ThrottleService } from './throttle.service';

/** Failure counters and backoff in PostgreSQL, shared by every identity instance (login, mail quotas). */
@Module({ providers: [ThrottleService], exports: [ThrottleService] })
export class ThrottlingModule {}
