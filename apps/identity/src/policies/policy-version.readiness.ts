import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReadinessCheck } from '@sargs/platform/observability';
import { KnownPolicyRepository } from './known-policy.repository';

/**
 * Up once identity has taken in consent's PolicyPublished: until then every sign-up is a 422,
 * because no version is in force as far as identity knows. It does not gate readiness (logins and
 * everything else work meanwhile); it tells whoever starts the platform when sign-up can begin.
 */
@Injectable()
export class PolicyVersionReadinessCheck implements ReadinessCheck {
  readonly name = 'policy-version';
  readonly gatesReadiness = false;
  // Built here rather than injected: readiness checks live in the platform core's scope (SargsServiceModule).
  private readonly policies: KnownPolicyRepository;

  constructor(dataSource: DataSource) {
    this.policies = new KnownPolicyRepository(dataSource);
  }

  async check(): Promise<void> {
    if ((await this.policies.currentVersion()) === null) throw new Error('no privacy policy version known yet');
  }
}
