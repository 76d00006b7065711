import type { Type } from '@nestjs/common';

/** Staff console: privacy requests, accounts and roles, incidents, campaigns. */
export const CONSOLE_PEOPLE_CONTROLLERS: Type[] = [];
