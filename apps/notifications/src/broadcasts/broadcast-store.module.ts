import { Module } from '@nestjs/common';
import { BroadcastRepository } from './broadcast.repository';

/** The broadcasts' repository on its own: staff broadcasts write it, and the sender (outgoing) reads a broadcast's text from it. */
@Module({
  providers: [BroadcastRepository],
  exports: [BroadcastRepository],
})
export class BroadcastStoreModule {}
