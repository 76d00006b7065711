import { runService } from '@sargs/platform/service';
import { retentionService } from './retention.definition';

void runService(retentionService);
