import type { Type } from '@nestjs/common';
import { OrganisationsConsoleController } from './organisations.controller';

/** Staff console: organisations by registration number, and their verification (R3). */
export const CONSOLE_ORGS_CONTROLLERS: Type[] = [OrganisationsConsoleController];
