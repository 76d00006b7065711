import { z } from 'zod';

/**
 * A secret (verification, reset or e-mail-change token) sealed with AES-256-GCM for its one
 * consumer. Events never carry such secrets in clear (docs/architecture.md, "Events and topics").
 */
export const sealedSecretSchema = z
  .object({
    alg: z.literal('A256GCM'),
    kid: z.string().min(1).max(64),
    iv: z.string().min(1),
    ciphertext: z.string().min(1),
    tag: z.string().min(1),
  })
  .strict();

export type SealedSecret = z.infer<typeof sealedSecretSchema>;
