import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Language } from '@sargs/contracts';
import { Profile } from './profile.entity';

export interface ProfileFields {
  name: string;
  email: string;
  language: Language;
}

/** Every statement on the profile table; methods that take a manager run in the caller's transaction. */
@Injectable()
export class ProfileRepository {
  constructor(@InjectRepository(Profile) private readonly profiles: Repository<Profile>) {}

  /**
   * ON CONFLICT DO NOTHING: the inbox already absorbs redeliveries, but a second registration
   * event for the same account (a producer retry with a new event id) must not fail the batch nor
   * overwrite later edits either.
   */
  async insertIfAbsent(manager: EntityManager, accountId: string, fields: ProfileFields): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Profile)
      .values({ accountId, ...fields })
      .orIgnore()
      // Nothing to read back, and a skipped row would have nothing to return anyway.
      .updateEntity(false)
      .execute();
  }

  async find(accountId: string): Promise<ProfileFields | undefined> {
    // Plain SQL: this is every GET /me's query, and the entity layer doubled its cost.
    const rows: ProfileFields[] = await this.profiles.query('SELECT name, email, language FROM profile WHERE account_id = $1', [accountId]);
    return rows[0];
  }

  /** Locks the row until the transaction ends. */
  async lock(manager: EntityManager, accountId: string): Promise<ProfileFields | undefined> {
    const rows: ProfileFields[] = await manager.query('SELECT name, email, language FROM profile WHERE account_id = $1 FOR UPDATE', [accountId]);
    return rows[0];
  }

  /** Sets name and language; the database's time of the change. */
  async update(manager: EntityManager, accountId: string, change: { name: string; language: Language }): Promise<Date> {
    const updated: [{ updated_at: Date }[], number] = await manager.query(
      'UPDATE profile SET name = $2, language = $3, updated_at = now() WHERE account_id = $1 RETURNING updated_at',
      [accountId, change.name, change.language],
    );
    return updated[0][0].updated_at;
  }

  /** Unknown accounts are left alone (no row, nothing to change). */
  async setEmail(manager: EntityManager, accountId: string, email: string): Promise<void> {
    await manager.query('UPDATE profile SET email = $2, updated_at = now() WHERE account_id = $1', [accountId, email]);
  }
}
