import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { z } from 'zod';
import type { DataSource, EntityManager } from 'typeorm';
import { ProfileChanged, type AccountEmailChanged, type AccountRegistered, type EventFrom, type profileView, type updateProfileBody } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { NotFoundError } from '@sargs/platform/service';
import { ProfileRepository } from './profile.repository';

export type Registration = EventFrom<typeof AccountRegistered>['payload'];
export type EmailChange = EventFrom<typeof AccountEmailChanged>['payload'];
export type ProfileView = z.infer<typeof profileView>;
/** PATCH /me/profile's body, already parsed by the controller. */
export type ProfileUpdate = z.output<typeof updateProfileBody>;

export const NO_PROFILE = 'No profile for this account';

@Injectable()
export class ProfilesService {
  constructor(
    private readonly profiles: ProfileRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  /** Creates a new account's profile in the consumer's transaction; a second registration of the account changes nothing. */
  async createFromRegistration(manager: EntityManager, registration: Registration): Promise<void> {
    const { accountId, name, email, language } = registration;
    await this.profiles.insertIfAbsent(manager, accountId, { name, email, language });
  }

  /** The account's profile as GET /me/profile shows it, or null when there is none. */
  async findView(accountId: string): Promise<ProfileView | null> {
    return (await this.profiles.find(accountId)) ?? null;
  }

  /**
   * PATCH /me/profile: the row and ProfileChanged (for identity's and notifications' copies) in
   * one transaction; a request that changes nothing writes nothing and publishes nothing.
   */
  async update(accountId: string, input: ProfileUpdate): Promise<ProfileView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.profiles.lock(manager, accountId);
      if (!current) throw new NotFoundError(NO_PROFILE);
      const next: ProfileView = { ...current, name: input.name ?? current.name, language: input.language ?? current.language };
      if (next.name === current.name && next.language === current.language) return next;
      const changedAt = await this.profiles.update(manager, accountId, next);
      await this.publisher.publish(manager, ProfileChanged, accountId, {
        accountId,
        name: next.name,
        language: next.language,
        changedAt: changedAt.toISOString(),
      });
      return next;
    });
  }

  /** Identity confirmed a new address: the profile's copy follows. Unknown accounts are ignored. */
  async applyEmailChange(manager: EntityManager, change: EmailChange): Promise<void> {
    await this.profiles.setEmail(manager, change.accountId, change.email);
  }
}
