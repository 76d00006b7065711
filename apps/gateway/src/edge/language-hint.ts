import { LANGUAGES, type Language } from '@sargs/contracts';

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/**
 * The language a service should answer in when it has nothing better (docs/api.md: the `lang` cookie,
 * else the account's language, which only the service knows, else Accept-Language). Passed on as
 * x-sargs-language; absent when the client states no language we speak.
 */
export function languageHint(langCookie: string | undefined, acceptLanguage: string | undefined): Language | undefined {
  if (langCookie !== undefined && isLanguage(langCookie)) return langCookie;
  if (!acceptLanguage) return undefined;
  const ranges = acceptLanguage
    .split(',')
    .map((entry, index) => {
      const [tag, ...params] = entry.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { primary: tag.trim().split('-')[0].toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.weight > 0)
    // Highest weight first; equal weights keep the client's order.
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranges.find((range) => isLanguage(range.primary))?.primary as Language | undefined;
}
