import { z } from 'zod';

export const MAIL_CATEGORY_VALUES = ['transactional', 'security', 'service', 'marketing'] as const;

/** What the audit trail keeps about one mail: ids and kinds, never the address or the text. */
export const mailDeliveryPayload = z
  .object({
    mailId: z.string().uuid(),
    accountId: z.string().uuid(),
    category: z.enum(MAIL_CATEGORY_VALUES),
    template: z.string().min(1).max(50),
    /** The incident, campaign or policy notice the mail belongs to; null for a single mail. */
    broadcastId: z.string().uuid().nullable(),
    attempts: z.number().int().positive(),
    at: z.string().datetime({ offset: true }),
  })
  .strict();
