/** Paths the gateway answers outside the pages: the API (probes and metrics are on MANAGEMENT_PORT). */
const NOT_PAGES = /^\/api(\/|$)/u;

/** Whether a failure at this path is shown as a page (HTML) rather than problem+json. */
export function isPagePath(url: string | undefined): boolean {
  return !NOT_PAGES.test((url ?? '/').split('?')[0]);
}
