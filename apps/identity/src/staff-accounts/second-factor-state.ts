import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AdminAccountView } from '@sargs/contracts';
import { SECOND_FACTOR_SUMMARY_SQL } from '../second-factor/second-factor-summary';

export type SecondFactorView = AdminAccountView['mfa'];

/** The one place staff views read an account's second factors from: which methods it has switched on. */
@Injectable()
export class SecondFactorState {
  async of(manager: EntityManager, accountId: string): Promise<SecondFactorView> {
    const rows: { totp: boolean; passkeys: string | number }[] = await manager.query(`SELECT ${SECOND_FACTOR_SUMMARY_SQL} FROM account a WHERE a.id = $1`, [accountId]);
    const row = rows[0];
    const methods: SecondFactorView['methods'] = [];
    if (row?.totp) methods.push('totp');
    if (Number(row?.passkeys ?? 0) > 0) methods.push('passkey');
    return { enabled: methods.length > 0, methods };
  }
}
