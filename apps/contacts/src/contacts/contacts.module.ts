import { Module } from '@nestjs/common';
import { ContactRepository } from './contact.repository';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

/**
 * An organisation's contacts: its business data about the people it deals with. The tenant's
 * export, deletion and data-subject requests need nothing here: the platform's tenant participant
 * answers them from the entity's declarations (@TenantId, identifiesPerson).
 */
@Module({
  controllers: [ContactsController],
  providers: [ContactRepository, ContactsService],
})
export class ContactsModule {}
