import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { z } from 'zod';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { ProfileChanged, type AccountEmailChanged, type AccountRegistered, type EventFrom, type Language, type profileView, type updateProfileBody } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { NotFoundError } from '@sargs/platform/service';
import { Profile } from './profile.entity';

export type Registration = EventFrom<typeof AccountRegistered>['payload'];
export type EmailChange = EventFrom<typeof AccountEmailChanged>['payload'];
export type ProfileView = z.infer<typeof profileView>;
/** PATCH /me/profile's body, already parsed by the controller. */
export type ProfileUpdate = z.output<typeof updateProfileBody>;

interface ProfileRow {
  name: string;
  email: string;
  language: Language;
}

export const NO_PROFILE = 'No profile for this account';

@Injectable()
export class ProfilesService {
  constructor(
    @InjectRepository(Profile) private readonly profiles: Repository<Profile>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Creates a new account's profile in the consumer's transaction. ON CONFLICT DO NOTHING: the
   * inbox already absorbs redeliveries, but a second registration event for the same account (a
   * producer retry with a new event id) must not fail the batch nor overwrite later edits either.
   */
  async createFromRegistration(manager: EntityManager, registration: Registration): Promise<void> {
    const { accountId, name, email, language } = registration;
    await manager
      .createQueryBuilder()
      .insert()
      .into(Profile)
      .values({ accountId, name, email, language })
      .orIgnore()
      // Nothing to read back, and a skipped row would have nothing to return anyway.
      .updateEntity(false)
      .execute();
  }

  /** The account's profile as GET /me/profile shows it, or null when there is none. */
  async findView(accountId: string): Promise<ProfileView | null> {
    const profile = await this.profiles.findOneBy({ accountId });
    return profile && { name: profile.name, email: profile.email, language: profile.language };
  }

  /**
   * PATCH /me/profile: the row and ProfileChanged (for identity's and notifications' copies) in
   * one transaction; a request that changes nothing writes nothing and publishes nothing.
   */
  async update(accountId: string, input: ProfileUpdate): Promise<ProfileView> {
    return this.dataSource.transaction(async (manager) => {
      const rows: ProfileRow[] = await manager.query('SELECT name, email, language FROM profile WHERE account_id = $1 FOR UPDATE', [accountId]);
      const current = rows[0];
      if (!current) throw new NotFoundError(NO_PROFILE);
      const next: ProfileRow = { ...current, name: input.name ?? current.name, language: input.language ?? current.language };
      if (next.name === current.name && next.language === current.language) return next;
      const updated: [{ updated_at: Date }[], number] = await manager.query(
        'UPDATE profile SET name = $2, language = $3, updated_at = now() WHERE account_id = $1 RETURNING updated_at',
        [accountId, next.name, next.language],
      );
      await this.publisher.publish(manager, ProfileChanged, accountId, {
        accountId,
        name: next.name,
        language: next.language,
        changedAt: updated[0][0].updated_at.toISOString(),
      });
      return next;
    });
  }

  /** Identity confirmed a new address: the profile's copy follows. Unknown accounts are ignored. */
  async applyEmailChange(manager: EntityManager, change: EmailChange): Promise<void> {
    await manager.query('UPDATE profile SET email = $2, updated_at = now() WHERE account_id = $1', [change.accountId, change.email]);
  }
}
