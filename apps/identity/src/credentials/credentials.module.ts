import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.service';

/** Password hashing (argon2id); the password policy is plain functions beside it. */
@Module({ providers: [PasswordHasher], exports: [PasswordHasher] })
export class CredentialsModule {}
