import type { Language } from '@sargs/contracts';

/**
 * The services name a bad field in English (`errors[].message`). An English page shows that text;
 * a Latvian page shows its translation from this table, matched by pattern, or a general
 * "check this value" when the service said something this table does not know yet.
 */
const LATVIAN: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^is required$/u, () => 'Aizpildiet šo lauku'],
  [/^must not be empty$/u, () => 'Aizpildiet šo lauku'],
  [/^must be an e-mail address$/u, () => 'Ievadiet e-pasta adresi, piemēram, vards@example.lv'],
  [/^must be at least (\d+) characters$/u, (m) => `Vismaz ${m[1]} rakstzīmes`],
  [/^must be at most (\d+) characters$/u, (m) => `Ne vairāk kā ${m[1]} rakstzīmes`],
  [/^is too long$/u, () => 'Vērtība ir pārāk gara'],
  [/^must not contain control characters$/u, () => 'Izņemiet vadības rakstzīmes'],
  [/^must not contain your name or e-mail address$/u, () => 'Parole nedrīkst saturēt jūsu vārdu vai e-pasta adresi'],
  [/^is too easy to guess/u, () => 'Paroli ir pārāk viegli uzminēt; dažus nesaistītus vārdus kopā uzminēt ir grūti'],
  [/^is not correct$/u, () => 'Nav pareizi'],
  [/^is already the address of this account$/u, () => 'Šī jau ir šī konta adrese'],
  [/^must be one of (.+)$/u, (m) => `Izvēlieties vienu no: ${m[1]}`],
  [/^has the wrong format$/u, () => 'Nepareizs formāts'],
  [/^is not the current version/u, () => 'Šī nav spēkā esošā versija; pārlādējiet lapu'],
  [/^is not the version in force$/u, () => 'Šī nav spēkā esošā versija; pārlādējiet lapu'],
  [/^must be in the future$/u, () => 'Datumam jābūt nākotnē'],
  [/^must be an ISO 8601 date-time$/u, () => 'Ievadiet datumu un laiku'],
  [/^must be one line without control characters$/u, () => 'Vienā rindā, bez vadības rakstzīmēm'],
  [/^must be letters, digits, '\.', '_' or '-'/u, () => 'Tikai burti, cipari, “.”, “_” vai “-”; pirmajam jābūt burtam vai ciparam'],
  [/^is already published$/u, () => 'Šī versija jau ir publicēta'],
  [/^must be 11 digits$/u, () => 'Jābūt 11 cipariem'],
  [/^must be the number of a legal entity/u, () => 'Jābūt juridiskas personas numuram (pirmais cipars no 4 līdz 9)'],
  [/^has a wrong check digit$/u, () => 'Nepareizs kontrolcipars'],
  [/^must be LV followed by the registration number$/u, () => 'Jābūt LV un reģistrācijas numuram'],
  [/^must be a telephone number/u, () => 'Ievadiet tālruņa numuru: cipari, sākumā var būt +, atstarpes un - . / ( )'],
  [/^must be a SHA-256 in hex/u, () => 'Jābūt SHA-256 heksadecimālā pierakstā (64 rakstzīmes)'],
  [/^must not contain control characters other than line breaks and tabs$/u, () => 'Izņemiet vadības rakstzīmes (rindu pārnesumi un tabulācijas atļautas)'],
];

export function localiseFieldMessage(language: Language, message: string, fallback: string): string {
  if (language === 'en') return message ? message.charAt(0).toUpperCase() + message.slice(1) : fallback;
  for (const [pattern, translate] of LATVIAN) {
    const match = message.match(pattern);
    if (match) return translate(match);
  }
  return fallback;
}
