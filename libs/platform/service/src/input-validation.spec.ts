import { z } from 'zod';
import { fieldsWithNul, parseInput } from './input-validation';
import { DomainError } from './domain-errors';
import { problemOf } from './problem-details.filter';

const schema = z.object({ email: z.string(), password: z.string(), translations: z.record(z.object({ content: z.string() })).optional() }).strict();

function refusal(input: unknown): unknown {
  try {
    parseInput(schema, input);
  } catch (e) {
    if (e instanceof DomainError) return problemOf(e).details;
    throw e;
  }
  throw new Error('parseInput accepted the input');
}

describe('parseInput', () => {
  it('passes what the schema accepts', () => {
    expect(parseInput(schema, { email: 'a@b.lv', password: 'x\ty' })).toEqual({ email: 'a@b.lv', password: 'x\ty' });
  });

  it('refuses NUL in any string with 422, naming each field and never echoing the value', () => {
    const answer = refusal({ email: 'a\u0000@b.lv', password: 'secret\u0000', translations: { lv: { content: 'a\u0000' } } });
    expect(answer).toMatchObject({
      status: 422,
      errors: [
        { field: 'email', message: 'must not contain NUL characters' },
        { field: 'password', message: 'must not contain NUL characters' },
        { field: 'translations.lv.content', message: 'must not contain NUL characters' },
      ],
    });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });

  it('finds NUL at any depth, in arrays too, and at the top', () => {
    expect(fieldsWithNul({ a: ['ok', 'n\u0000'], b: { c: 1, d: null } })).toEqual(['a.1']);
    expect(fieldsWithNul('\u0000')).toEqual(['body']);
    expect(fieldsWithNul({ a: 'fine', b: 2 })).toEqual([]);
  });
});
