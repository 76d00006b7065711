import type { Type } from '@nestjs/common';

/** The signed-in person's pages below /account and /privacy-requests. */
export const ACCOUNT_PAGE_CONTROLLERS: Type[] = [];
