import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Language } from '@sargs/contracts';

export interface MemberAccountRow {
  email: string | null;
  name: string | null;
  language: Language | null;
}

/** Every statement on member_account, the copy of accounts' address, name and language (not tenant data: no row-level security). */
@Injectable()
export class MemberAccountRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new account; a row made first by ProfileChanged keeps its (newer) name and language. */
  async registered(manager: EntityManager, accountId: string, fields: { email: string; name: string; language: Language }): Promise<void> {
    await manager.query(
      `INSERT INTO member_account (account_id, email, name, language) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id) DO UPDATE SET email = COALESCE(member_account.email, EXCLUDED.email),
         name = COALESCE(member_account.name, EXCLUDED.name), language = COALESCE(member_account.language, EXCLUDED.language)`,
      [accountId, fields.email, fields.name, fields.language],
    );
  }

  async emailChanged(manager: EntityManager, accountId: string, email: string): Promise<void> {
    await manager.query(
      `INSERT INTO member_account (account_id, email) VALUES ($1, $2) ON CONFLICT (account_id) DO UPDATE SET email = EXCLUDED.email`,
      [accountId, email],
    );
  }

  /** The newer of two profile changes wins, whichever arrives last. */
  async profileChanged(manager: EntityManager, accountId: string, fields: { name: string; language: Language; changedAt: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO member_account (account_id, name, language, profile_changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id) DO UPDATE SET name = EXCLUDED.name, language = EXCLUDED.language, profile_changed_at = EXCLUDED.profile_changed_at
       WHERE member_account.profile_changed_at IS NULL OR member_account.profile_changed_at < EXCLUDED.profile_changed_at`,
      [accountId, fields.name, fields.language, fields.changedAt],
    );
  }

  async find(accountId: string, manager?: EntityManager): Promise<MemberAccountRow | undefined> {
    const rows: MemberAccountRow[] = await (manager ?? this.dataSource).query(`SELECT email, name, language FROM member_account WHERE account_id = $1`, [accountId]);
    return rows[0];
  }
}
