import { Controller, Get, Post } from '@nestjs/common';
import { announceSubprocessorBody, type AnnounceSubprocessorBody } from '@sargs/contracts';
import { Account, Staff, ZodBody } from '@sargs/platform/service';
import { SubprocessorsService } from './subprocessors.service';

/** docs/api.md "Organisations": the public sub-processor register, and staff announcing its changes. */
@Controller()
export class SubprocessorsController {
  constructor(private readonly subprocessors: SubprocessorsService) {}

  @Get('subprocessors')
  register() {
    return this.subprocessors.register();
  }

  @Staff()
  @Post('admin/subprocessors')
  announce(@Account() staffId: string, @ZodBody(announceSubprocessorBody) body: AnnounceSubprocessorBody) {
    return this.subprocessors.announce(staffId, body);
  }
}
