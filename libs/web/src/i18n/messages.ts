import type { Language } from '@sargs/contracts';

/** A text, or a function of the values it shows (counts, dates, names). */
export type Message = string | ((...args: never[]) => string);

/**
 * One dictionary per page group, English first: the Latvian side must have exactly the same keys
 * with the same shapes (`NoInfer` keeps `lv` from widening the type), so a missing or extra
 * translation is a compile error, not a blank on a page.
 */
export function defineMessages<T extends Record<string, Message>>(messages: { en: T; lv: NoInfer<T> }): Record<Language, T> {
  return messages;
}
