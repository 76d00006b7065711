import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AdminAccountView } from '@sargs/contracts';

export type SecondFactorView = AdminAccountView['mfa'];

const NONE: SecondFactorView = { enabled: false, methods: [] };

/**
 * The one place staff views read an account's second-factor state from. There are no second
 * factors yet (issue 16 adds TOTP and passkeys and reads them here), so every account has none.
 */
@Injectable()
export class SecondFactorState {
  of(_manager: EntityManager, _accountId: string): Promise<SecondFactorView> {
    return Promise.resolve({ ...NONE, methods: [...NONE.methods] });
  }
}
