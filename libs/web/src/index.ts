export * from './web-gateway.port';
export * from './web.module';
export * from './page/page-error.renderer';
export { isPagePath } from './page-paths';
