import type { Type } from '@nestjs/common';
import { CloseAccountController } from './close.controller';
import { ConsentsController } from './consents.controller';
import { ExportsController } from './exports.controller';
import { PrivacyRequestsController } from './privacy-requests.controller';
import { SecurityController } from './security.controller';
import { SessionsController } from './sessions.controller';

/** The signed-in person's pages below /account and /privacy-requests. */
export const ACCOUNT_PAGE_CONTROLLERS: Type[] = [
  SessionsController,
  SecurityController,
  ConsentsController,
  ExportsController,
  PrivacyRequestsController,
  CloseAccountController,
];
