import type { Language } from '@sargs/contracts';

const LOCALES: Record<Language, string> = { lv: 'lv-LV', en: 'en-GB' };

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

function dateTimeFormat(language: Language, withTime: boolean): Intl.DateTimeFormat {
  const key = `${language}:${withTime}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    // Times are shown in UTC and say so: the policy's deadlines (R11, R19) are UTC dates.
    format = new Intl.DateTimeFormat(LOCALES[language], withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' } : { dateStyle: 'long', timeZone: 'UTC' });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** A date and time in the page's locale, e.g. `2026. gada 4. decembris 19:30 UTC`. */
export function formatDateTime(language: Language, iso: string | null | undefined): string {
  if (!iso) return '–';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '–' : `${dateTimeFormat(language, true).format(at)} UTC`;
}

export function formatDate(language: Language, iso: string | null | undefined): string {
  if (!iso) return '–';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '–' : dateTimeFormat(language, false).format(at);
}

export function formatNumber(language: Language, value: number): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language]);
    numberFormats.set(language, format);
  }
  return format.format(value);
}
