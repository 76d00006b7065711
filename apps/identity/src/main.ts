import { runService } from '@sargs/platform/service';
import { identityService } from './identity.definition';

void runService(identityService);
