import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import type * as LanguageCommon from '@zxcvbn-ts/language-common';
import type * as LanguageEnglish from '@zxcvbn-ts/language-en';
import { InvalidInputError } from '@sargs/platform/service';

export const PASSWORD_MIN_LENGTH = 12;
/** NIST asks to allow at least 64; argon2 makes long inputs cheap to accept. */
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn score 3: "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_SCORE = 3;

let dictionariesLoaded = false;

/**
 * zxcvbn's word lists, loaded at the first password check instead of at start-up: ranked, they
 * hold about 20 MB of heap (~28 MB resident), and identity checks a password only on registration,
 * change and reset (docs/performance.md, "Idle memory"). That first check takes up to a second longer.
 */
function loadDictionaries(): void {
  if (dictionariesLoaded) return;
  const common = require('@zxcvbn-ts/language-common') as typeof LanguageCommon;
  const english = require('@zxcvbn-ts/language-en') as typeof LanguageEnglish;
  zxcvbnOptions.setOptions({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  dictionariesLoaded = true;
}

export interface PasswordOwner {
  email: string;
  name?: string;
}

/** Words a guesser would try first for this person: address parts and name parts. */
function personalWords(owner: PasswordOwner): string[] {
  const [local = '', domain = ''] = owner.email.toLowerCase().split('@');
  const words = [local, ...local.split(/[._+-]+/u), domain.split('.')[0] ?? '', ...(owner.name ?? '').toLowerCase().split(/[\s'’-]+/u)];
  return [...new Set(words.filter((w) => w.length >= 4))];
}

/**
 * R5: length 12-128, a strength estimate, nothing built from the person's address or name, no
 * composition rules. Returns what is wrong, in words that never repeat the password; null if fine.
 */
export function passwordProblem(password: string, owner: PasswordOwner): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  const words = personalWords(owner);
  if (words.some((w) => lower.includes(w))) return 'must not contain your name or e-mail address';
  loadDictionaries();
  const estimate = zxcvbn(password, words);
  if (estimate.score < MIN_SCORE) {
    const warning = estimate.feedback.warning;
    return `is too easy to guess${warning ? ` (${warning.replace(/\.$/u, '').toLowerCase()})` : ''}; a few unrelated words make a strong one`;
  }
  return null;
}

/** The 422 for a password the policy refuses, on the field that carried it. */
export function weakPassword(field: string, message: string): InvalidInputError {
  return new InvalidInputError('The password does not meet the policy', [{ field, message }]);
}
