import { languageSchema, type Language } from '@sargs/contracts';

/** Header with the gateway's language hint (the `lang` cookie, else Accept-Language). */
export const LANGUAGE_HINT_HEADER = 'x-sargs-language';

export function languageHint(value: string | string[] | undefined): Language | undefined {
  const parsed = languageSchema.safeParse(Array.isArray(value) ? value[0] : value);
  return parsed.success ? parsed.data : undefined;
}
