import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES, policyContentField, policyVersionField, type Language } from '@sargs/contracts';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { PoliciesService } from './policies.service';

export interface SeedPolicy {
  version: string;
  texts: Record<Language, string>;
}

/**
 * The seed in `dir`: the last (by name) subdirectory that is a valid version label and holds
 * `en.md` and `lv.md`. Throws, naming POLICY_SEED_DIR, when there is none or a text is unfit.
 */
export function readSeedPolicy(dir: string): SeedPolicy {
  const fail = (why: string): never => {
    throw new Error(`POLICY_SEED_DIR: ${why} (${dir})`);
  };
  if (!existsSync(dir)) fail('the directory does not exist');
  const versions = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && policyVersionField.safeParse(entry.name).success)
    .map((entry) => entry.name)
    .filter((version) => LANGUAGES.every((language) => existsSync(path.join(dir, version, `${language}.md`))))
    .sort();
  const version = versions.at(-1) ?? fail('no <version>/en.md and <version>/lv.md in it');
  const texts = {} as Record<Language, string>;
  for (const language of LANGUAGES) {
    const content = readFileSync(path.join(dir, version, `${language}.md`), 'utf8');
    if (!policyContentField.safeParse(content).success) fail(`${version}/${language}.md must hold 1 to 200000 characters`);
    texts[language] = content;
  }
  return { version, texts };
}

/** At boot: when no policy version exists yet, publish the one in POLICY_SEED_DIR. */
@Injectable()
export class PolicySeeder implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly policies: PoliciesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.POLICY_SEED_DIR) return;
    const seed = readSeedPolicy(path.resolve(this.config.POLICY_SEED_DIR));
    const published = await this.policies.publishSeed(seed.version, seed.texts);
    if (published) this.logger.info({ version: published.version }, 'published the seed privacy policy');
  }
}
