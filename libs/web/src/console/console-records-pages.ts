import type { Type } from '@nestjs/common';

/** Staff console: legal holds, erasure cases and certificates, backups, policy publishing, audit trail. */
export const CONSOLE_RECORDS_CONTROLLERS: Type[] = [];
