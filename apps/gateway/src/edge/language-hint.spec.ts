import { languageHint } from './language-hint';

describe('languageHint', () => {
  it('takes the lang cookie when it is lv or en', () => {
    expect(languageHint('lv', 'en')).toBe('lv');
    expect(languageHint('en', undefined)).toBe('en');
  });

  it('otherwise the first lv or en of Accept-Language by weight, then order', () => {
    expect(languageHint('de', 'de-DE, lv;q=0.8, en;q=0.9')).toBe('en');
    expect(languageHint(undefined, 'fr, LV-lv, en')).toBe('lv');
    expect(languageHint(undefined, 'en-GB;q=0.5, lv;q=0.5')).toBe('en');
    expect(languageHint(undefined, 'lv;q=0, en;q=0.1')).toBe('en');
    expect(languageHint(undefined, 'en;q=abc, lv')).toBe('lv');
  });

  it('is absent when nothing we speak is asked for', () => {
    expect(languageHint(undefined, undefined)).toBeUndefined();
    expect(languageHint('xx', 'de, fr;q=0.5, *')).toBeUndefined();
    expect(languageHint(undefined, '')).toBeUndefined();
  });
});
