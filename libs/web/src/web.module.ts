import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { ACCOUNT_PAGE_CONTROLLERS } from './account/account-pages';
import { AssetsController } from './assets.controller';
import { CONSOLE_PEOPLE_CONTROLLERS } from './console/console-people-pages';
import { CONSOLE_ORGS_CONTROLLERS } from './console/console-orgs-pages';
import { CONSOLE_RECORDS_CONTROLLERS } from './console/console-records-pages';
import { ORG_PAGE_CONTROLLERS } from './orgs/org-pages';
import { PageErrorRenderer } from './page/page-error.renderer';
import { PageInterceptor } from './page/page.interceptor';
import { PageThrottleGuard } from './page/page-throttle.guard';
import { AccountController } from './pages/account.controller';
import { LanguageController } from './pages/language.controller';
import { LoginController } from './pages/login.controller';
import { PUBLIC_PAGE_CONTROLLERS } from './pages/public-pages';
import { SignUpController } from './pages/signup.controller';
import { StartPageController } from './pages/start-page.controller';
import { VerifyEmailController } from './pages/verify-email.controller';
import { WEB_GATEWAY, type WebGateway } from './web-gateway.port';

export interface WebModuleOptions {
  /** Modules the gateway factory's dependencies come from. */
  imports?: ModuleMetadata['imports'];
  /** How the gateway hands its API pipeline to the pages. */
  gateway: Omit<FactoryProvider<WebGateway>, 'provide'>;
}

/**
 * The privacy centre and the staff console: server-rendered pages the gateway mounts on the
 * public origin. They reach the services only through the gateway's own API pipeline.
 */
@Module({})
export class WebModule {
  static register(options: WebModuleOptions): DynamicModule {
    return {
      module: WebModule,
      imports: options.imports ?? [],
      controllers: [
        AssetsController,
        StartPageController,
        LanguageController,
        SignUpController,
        VerifyEmailController,
        LoginController,
        AccountController,
        ...PUBLIC_PAGE_CONTROLLERS,
        ...ACCOUNT_PAGE_CONTROLLERS,
        ...CONSOLE_PEOPLE_CONTROLLERS,
        ...CONSOLE_RECORDS_CONTROLLERS,
        ...ORG_PAGE_CONTROLLERS,
        ...CONSOLE_ORGS_CONTROLLERS,
      ],
      providers: [{ provide: WEB_GATEWAY, ...options.gateway }, PageInterceptor, PageThrottleGuard, PageErrorRenderer],
      exports: [PageErrorRenderer],
    };
  }
}
