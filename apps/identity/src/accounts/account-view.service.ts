import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RoleName } from '@sargs/contracts';

export interface AccountView {
  id: string;
  email: string;
  roles: RoleName[];
  emailVerified: boolean;
  createdAt: string;
  passwordChangedAt: string;
}

@Injectable()
export class AccountViewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async view(accountId: string): Promise<AccountView> {
    const rows: { id: string; email: string; roles: RoleName[]; email_verified_at: Date | null; created_at: Date; password_changed_at: Date }[] =
      await this.dataSource.query(
        `SELECT id, email, roles, email_verified_at, created_at, password_changed_at FROM account WHERE id = $1 AND status = 'active'`,
        [accountId],
      );
    const a = rows[0];
    if (!a) throw new UnauthorizedException('The session is no longer valid');
    return {
      id: a.id,
      email: a.email,
      roles: a.roles,
      emailVerified: a.email_verified_at !== null,
      createdAt: a.created_at.toISOString(),
      passwordChangedAt: a.password_changed_at.toISOString(),
    };
  }
}
