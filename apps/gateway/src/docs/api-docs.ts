import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { DOCS_PATH } from '../edge/security-headers';

/** Swagger UI at /api/docs and the document itself at /api/docs-json (docs/api.md, "Operations"). */
export function serveApiDocs(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup(DOCS_PATH.slice(1), app, document, {
    raw: ['json'],
    customSiteTitle: 'Sargs API',
    swaggerOptions: { withCredentials: true, persistAuthorization: false },
  });
}
