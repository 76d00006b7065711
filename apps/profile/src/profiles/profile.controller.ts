import { Controller, Get, Patch } from '@nestjs/common';
import { updateProfileBody } from '@sargs/contracts';
import { Account, NotFoundError, SignedIn, ZodBody } from '@sargs/platform/service';
import { NO_PROFILE, ProfilesService, type ProfileUpdate, type ProfileView } from './profiles.service';

/** The signed-in person's own profile (docs/api.md, "Profile and preferences"). */
@Controller('me/profile')
@SignedIn()
export class ProfileController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  async get(@Account() accountId: string): Promise<ProfileView> {
    const view = await this.profiles.findView(accountId);
    if (!view) throw new NotFoundError(NO_PROFILE);
    return view;
  }

  /** `{name?, language?}`: 200 with the profile as it is now; ProfileChanged when something changed. */
  @Patch()
  update(@Account() accountId: string, @ZodBody(updateProfileBody) body: ProfileUpdate): Promise<ProfileView> {
    return this.profiles.update(accountId, body);
  }
}
