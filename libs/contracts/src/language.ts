import { z } from 'zod';

export const LANGUAGES = ['lv', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;
