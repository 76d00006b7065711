import { z } from 'zod';

export const LANGUAGES = ['lv', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

/** Header with the gateway's language hint for a service (the `lang` cookie, else Accept-Language). */
export const LANGUAGE_HINT_HEADER = 'x-sargs-language';

/** The hint's language, or none when the header is absent or names a language we do not speak. */
export function languageHintOf(value: string | string[] | undefined): Language | undefined {
  const parsed = languageSchema.safeParse(Array.isArray(value) ? value[0] : value);
  return parsed.success ? parsed.data : undefined;
}
