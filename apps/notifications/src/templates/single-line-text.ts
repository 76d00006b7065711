/**
 * Collapses every run of whitespace and control characters (CR, LF, tabs, NEL, U+2028...) into one
 * space and trims the ends: for the Subject header and the greeting's name, which must stay on one
 * line whatever staff or the directory hand us.
 */
export function toSingleLine(text: string): string {
  return text.replace(/[\s\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
}
