import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { z } from 'zod';
import type { EntityManager, Repository } from 'typeorm';
import type { AccountRegistered, EventFrom, profileView } from '@sargs/contracts';
import { Profile } from './profile.entity';

export type Registration = EventFrom<typeof AccountRegistered>['payload'];
export type ProfileView = z.infer<typeof profileView>;

@Injectable()
export class ProfilesService {
  constructor(@InjectRepository(Profile) private readonly profiles: Repository<Profile>) {}

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
}
