import type { Type } from '@nestjs/common';

/** Public pages beyond sign-up and login: mailed links, the privacy policy, unsubscribe. */
export const PUBLIC_PAGE_CONTROLLERS: Type[] = [];
