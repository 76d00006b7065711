import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { PageInterceptor } from './page.interceptor';
import { PageThrottleGuard } from './page-throttle.guard';

/** A controller of pages: throttled per client like the API, each handler given its `@Page()`. */
export function PageController(prefix?: string): ClassDecorator {
  return applyDecorators(Controller(prefix ?? ''), UseGuards(PageThrottleGuard), UseInterceptors(PageInterceptor));
}
