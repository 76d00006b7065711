import { Module } from '@nestjs/common';
import { CurrentPolicyService } from './current-policy.service';
import { PolicyEventsConsumer } from './policy-events.consumer';

/** The policy version in force, as consent's events tell it: what a sign-up must accept. */
@Module({ providers: [CurrentPolicyService, PolicyEventsConsumer], exports: [CurrentPolicyService] })
export class PoliciesModule {}
