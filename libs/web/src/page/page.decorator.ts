import { createParamDecorator, Res, type ExecutionContext } from '@nestjs/common';
import type { PageContext } from './page-context';
import type { PageRequest } from './page.interceptor';

const pageOf = createParamDecorator((_data: unknown, context: ExecutionContext): PageContext => {
  const page = context.switchToHttp().getRequest<PageRequest>().page;
  if (!page) throw new Error('@Page() needs the PageInterceptor on its controller');
  return page;
});

/**
 * The PageContext the PageInterceptor opened. It also marks the response as the handler's own
 * (as `@Res()` does): a page answers through `page.render` or `page.redirect`, and Nest must not
 * send a second answer after it. Nest assigns the response first and the (piped) page after it,
 * so the parameter holds the page.
 */
export function Page(): ParameterDecorator {
  return (target, key, index) => {
    Res()(target, key, index);
    pageOf()(target, key, index);
  };
}
