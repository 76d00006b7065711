/** Paths the gateway answers itself, outside the pages: the API and the operations endpoints. */
const NOT_PAGES = /^\/(api(\/|$)|healthz$|readyz$|metrics$)/u;

/** Whether a failure at this path is shown as a page (HTML) rather than problem+json. */
export function isPagePath(url: string | undefined): boolean {
  return !NOT_PAGES.test((url ?? '/').split('?')[0]);
}
