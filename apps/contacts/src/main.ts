import { runService } from '@sargs/platform/service';
import { contactsService } from './contacts.definition';

void runService(contactsService);
