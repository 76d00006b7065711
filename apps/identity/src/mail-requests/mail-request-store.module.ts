import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module';
import { MailRequestRepository } from './mail-request.repository';
import { MailRequests } from './mail-requests.service';

/** The mail request queue, for the endpoints that fill it (accounts, passwords) and the worker that empties it. */
@Module({ imports: [TokensModule], providers: [MailRequestRepository, MailRequests], exports: [MailRequestRepository, MailRequests] })
export class MailRequestStoreModule {}
