import type { Type } from '@nestjs/common';
import { ConfirmEmailChangeController } from './confirm-email-change.controller';
import { PrivacyPolicyController } from './privacy-policy.controller';
import { ResetPasswordController } from './reset-password.controller';
import { UnsubscribeController } from './unsubscribe.controller';

/** Public pages beyond sign-up and login: mailed links, the privacy policy, unsubscribe. */
export const PUBLIC_PAGE_CONTROLLERS: Type[] = [ResetPasswordController, ConfirmEmailChangeController, PrivacyPolicyController, UnsubscribeController];
