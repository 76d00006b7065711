import { runService } from '@sargs/platform/service';
import { consentService } from './consent.definition';

void runService(consentService);
