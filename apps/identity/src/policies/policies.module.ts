import { Module } from '@nestjs/common';
import { KnownPolicyRepository } from './known-policy.repository';
import { PolicyEventsConsumer } from './policy-events.consumer';

/** The policy version in force, as consent's events tell it: what a sign-up must accept. */
@Module({ controllers: [PolicyEventsConsumer], providers: [KnownPolicyRepository], exports: [KnownPolicyRepository] })
export class PoliciesModule {}
