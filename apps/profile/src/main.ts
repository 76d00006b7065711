import { runService } from '@sargs/platform/service';
import { profileService } from './profile.definition';

void runService(profileService);
