import { Body, Controller, Get, Patch, Req } from '@nestjs/common';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { accountOf, problem, ProblemException } from '@sargs/platform/service';
import { NO_PROFILE, ProfilesService, type ProfileView } from './profiles.service';

/** The signed-in person's own profile (docs/api.md, "Profile and preferences"). */
@Controller('me/profile')
export class ProfileController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  async get(@Req() request: RequestWithAssertion): Promise<ProfileView> {
    const view = await this.profiles.findView(accountOf(request));
    if (!view) throw new ProblemException(problem(404, NO_PROFILE));
    return view;
  }

  /** `{name?, language?}`: 200 with the profile as it is now; ProfileChanged when something changed. */
  @Patch()
  update(@Req() request: RequestWithAssertion, @Body() body: unknown): Promise<ProfileView> {
    return this.profiles.update(accountOf(request), body);
  }
}
