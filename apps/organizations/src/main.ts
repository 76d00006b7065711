import { runService } from '@sargs/platform/service';
import { organizationsService } from './organizations.definition';

void runService(organizationsService);
