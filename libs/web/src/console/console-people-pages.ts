import type { Type } from '@nestjs/common';
import { AccountsConsoleController } from './accounts.controller';
import { CampaignsConsoleController } from './campaigns.controller';
import { IncidentsConsoleController } from './incidents.controller';
import { PrivacyRequestsConsoleController } from './privacy-requests.controller';

/** Staff console: privacy requests, accounts and roles, incidents, campaigns. */
export const CONSOLE_PEOPLE_CONTROLLERS: Type[] = [PrivacyRequestsConsoleController, AccountsConsoleController, IncidentsConsoleController, CampaignsConsoleController];
