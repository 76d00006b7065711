import { runService } from '@sargs/platform/service';
import { notificationsService } from './notifications.definition';

void runService(notificationsService);
