import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AdminAccountView } from '@sargs/contracts';
import { SecondFactorRepository } from '../second-factor/second-factor.repository';

export type SecondFactorView = AdminAccountView['mfa'];

/** The one place staff views read an account's second factors from: which methods it has switched on. */
@Injectable()
export class SecondFactorState {
  constructor(private readonly factors: SecondFactorRepository) {}

  async of(manager: EntityManager, accountId: string): Promise<SecondFactorView> {
    const { totp, passkeys } = await this.factors.summary(manager, accountId);
    const methods: SecondFactorView['methods'] = [];
    if (totp) methods.push('totp');
    if (passkeys > 0) methods.push('passkey');
    return { enabled: methods.length > 0, methods };
  }
}
