import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { OutgoingModule } from '../outgoing/outgoing.module';
import { OrganizationMailConsumer } from './organization-mail.consumer';
import { OrganizationMailService } from './organization-mail.service';
import { OrganizationManagerRepository } from './organization-manager.repository';

/** Mail about organisations: invitations, sub-processor notices, and who manages each organisation (for incidents too). */
@Module({
  imports: [OutgoingModule, DirectoryModule],
  controllers: [OrganizationMailConsumer],
  providers: [OrganizationMailService, OrganizationManagerRepository],
  exports: [OrganizationManagerRepository],
})
export class OrganizationMailModule {}
