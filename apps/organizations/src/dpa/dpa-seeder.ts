import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dpaContentField, dpaVersionField } from '@sargs/contracts';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { DpaService } from './dpa.service';

export interface SeedDpa {
  version: string;
  content: string;
}

/**
 * The seed in `dir`: the last `<version>.md` (by name, numbers in order: 10 after 9) whose name
 * is a valid version label. Throws, naming DPA_SEED_DIR, when there is none or its text is unfit.
 */
export function readSeedDpa(dir: string): SeedDpa {
  const fail = (why: string): never => {
    throw new Error(`DPA_SEED_DIR: ${why} (${dir})`);
  };
  if (!existsSync(dir)) fail('the directory does not exist');
  const versions = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => entry.name.slice(0, -'.md'.length))
    .filter((version) => dpaVersionField.safeParse(version).success)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const version = versions.at(-1) ?? fail('no <version>.md in it');
  const content = readFileSync(path.join(dir, `${version}.md`), 'utf8');
  if (!dpaContentField.safeParse(content).success) fail(`${version}.md must hold 1 to 200000 characters`);
  return { version, content };
}

/** At boot: when no DPA version exists yet, publish the one in DPA_SEED_DIR. */
@Injectable()
export class DpaSeeder implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly dpa: DpaService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DPA_SEED_DIR) return;
    const seed = readSeedDpa(path.resolve(this.config.DPA_SEED_DIR));
    const published = await this.dpa.publishSeed(seed.version, seed.content);
    if (published) this.logger.info({ version: published.version }, 'published the seed data processing agreement');
  }
}
