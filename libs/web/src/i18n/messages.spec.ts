import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Message } from './messages';

/**
 * The compiler keeps lv and en in step (same keys, same shapes); this also catches
 * an empty text, or a dictionary built without defineMessages.
 */
describe('dictionaries', () => {
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.messages.ts'));

  it.each(files)('%s: the same keys and shapes in both languages, and no empty text', async (file) => {
    const module = (await import(path.join(__dirname, file))) as Record<string, { en: Record<string, Message>; lv: Record<string, Message> }>;
    for (const dictionary of Object.values(module)) {
      expect(Object.keys(dictionary.lv).sort()).toEqual(Object.keys(dictionary.en).sort());
      for (const key of Object.keys(dictionary.en)) {
        const en = dictionary.en[key];
        const lv = dictionary.lv[key];
        expect(typeof lv).toBe(typeof en);
        if (typeof en === 'string' && typeof lv === 'string') {
          expect({ key, lv: lv.length > 0 }).toEqual({ key, lv: true });
        }
      }
    }
    expect(readFileSync(path.join(__dirname, file), 'utf8')).toContain('defineMessages(');
  });
});
