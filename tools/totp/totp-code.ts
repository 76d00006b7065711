import { base32Decode, totpCode } from '@sargs/platform/secrets';

/**
 * `npm run -s totp [key]`: the current six-digit code of an authenticator key (base32), like
 * oathtool: for the staff account's key from SARGS_ADMIN_TOTP_SECRET when no key is given. A
 * code works once; the next one comes with the next 30 s step.
 */
const key = process.argv[2] ?? process.env['SARGS_ADMIN_TOTP_SECRET'];
const secret = key ? base32Decode(key) : undefined;
if (!secret) {
  process.stderr.write('usage: npm run -s totp [base32 key]   (default: SARGS_ADMIN_TOTP_SECRET)\n');
  process.exit(2);
}
process.stdout.write(`${totpCode(secret, Date.now())}\n`);
