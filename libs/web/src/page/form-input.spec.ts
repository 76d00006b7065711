import { FormInput } from './form-input';
import { localPath } from './page-context';
import { localiseFieldMessage } from '../i18n/api-field-messages';

describe('FormInput', () => {
  it('reads single strings and treats every other shape as absent', () => {
    const form = new FormInput({ name: 'Anna', repeated: ['a', 'b'], nested: { b: 'c' }, number: 5 });
    expect(form.text('name')).toBe('Anna');
    expect(form.text('repeated')).toBe('');
    expect(form.text('nested')).toBe('');
    expect(form.text('number')).toBe('');
    expect(form.text('missing')).toBe('');
    expect(new FormInput(undefined).text('name')).toBe('');
  });

  it('reads every string value of a repeated name, and one value as a list of one', () => {
    const form = new FormInput({ roles: ['admin', 'dpo'], one: 'dpo', odd: ['admin', { x: 1 }], nested: { a: 'b' } });
    expect(form.all('roles')).toEqual(['admin', 'dpo']);
    expect(form.all('one')).toEqual(['dpo']);
    expect(form.all('odd')).toEqual(['admin']);
    expect(form.all('nested')).toEqual([]);
    expect(form.all('missing')).toEqual([]);
  });

  it('treats a ticked checkbox as any non-empty value', () => {
    const form = new FormInput({ on: 'true', off: '' });
    expect(form.checked('on')).toBe(true);
    expect(form.checked('off')).toBe(false);
    expect(form.checked('missing')).toBe(false);
  });

  it('names fields holding control characters; line breaks only where a text area allows them', () => {
    const form = new FormInput({ name: 'A\u0000nna', email: 'a@b.lv', message: 'line\r\none\ttab', title: 'two\nlines', del: 'x\u007f' });
    expect(form.controlCharacters(['name', 'email', 'message', 'title', 'del'], ['message'])).toEqual(['name', 'title', 'del']);
    expect(form.controlCharacters(['message'], ['message'])).toEqual([]);
    expect(new FormInput({ message: 'a\u0000' }).controlCharacters(['message'], ['message'])).toEqual(['message']);
  });
});

describe('localPath', () => {
  it.each(['/account', '/account/sessions?done=revoked', '/privacy-policy/versions/2026-01'])('keeps %s', (path) => {
    expect(localPath(path)).toBe(path);
  });

  it.each(['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', 'account', '/a b', '/\u0000account', '/ā', '/a\u007f'])('refuses %s', (path) => {
    expect(localPath(path, '/fallback')).toBe('/fallback');
  });
});

describe('localiseFieldMessage', () => {
  it('shows the service text in English, capitalised', () => {
    expect(localiseFieldMessage('en', 'must be an e-mail address', 'Check this value')).toBe('Must be an e-mail address');
  });

  it('translates known texts to Latvian, with their numbers', () => {
    expect(localiseFieldMessage('lv', 'must be at least 12 characters', 'x')).toBe('Vismaz 12 rakstzīmes');
    expect(localiseFieldMessage('lv', 'is required', 'x')).toBe('Aizpildiet šo lauku');
  });

  it('falls back to the general Latvian text for one it does not know', () => {
    expect(localiseFieldMessage('lv', 'something new', 'Pārbaudiet šo vērtību')).toBe('Pārbaudiet šo vērtību');
  });
});
