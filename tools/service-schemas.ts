import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { EntityClass } from '@sargs/platform/privacy';

export interface ServiceSchema {
  service: string;
  entities: EntityClass[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

const root = path.resolve(__dirname, '..');

/**
 * Every app that has a database, found on disk (apps/<name>/src/config/database-schema.ts), so a
 * new service is checked without anyone remembering to list it.
 */
export function serviceSchemas(): ServiceSchema[] {
  return readdirSync(path.join(root, 'apps'))
    .filter((service) => existsSync(path.join(root, 'apps', service, 'src/config/database-schema.ts')))
    .map((service) => {
      const module = require(path.join(root, 'apps', service, 'src/config/database-schema.ts')) as Record<string, unknown[]>;
      const prefix = service.toUpperCase();
      return {
        service,
        entities: module[`${prefix}_ENTITIES`] as EntityClass[],
        // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
        migrations: module[`${prefix}_MIGRATIONS`] as Function[],
      };
    });
}
