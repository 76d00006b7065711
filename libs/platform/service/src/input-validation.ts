import type { z } from 'zod';
import { InvalidInputError, type FieldError } from './domain-errors';

/**
 * Zod's own messages can quote the input ("received 'xyz'"); an error must name the field and
 * say what is wrong without echoing what was sent, so each issue is reworded here.
 */
function describe(issue: z.ZodIssue): FieldError[] {
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  switch (issue.code) {
    case 'invalid_type':
      return [{ field, message: issue.received === 'undefined' ? 'is required' : `must be ${article(issue.expected)}` }];
    case 'invalid_enum_value':
      return [{ field, message: `must be one of ${issue.options.join(', ')}` }];
    case 'invalid_literal':
      return [{ field, message: 'has a value that is not allowed' }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ field: [...issue.path, key].join('.').slice(0, 100), message: 'is not an accepted field' }));
    case 'invalid_string':
      return [{ field, message: issue.message.startsWith('Invalid') ? 'has the wrong format' : issue.message }];
    default:
      // Our schemas give their own messages for length and refinements; none quotes the value.
      return [{ field, message: issue.message }];
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Where a parsed value holds a string with NUL, which PostgreSQL text cannot store: each field's path. */
export function fieldsWithNul(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path.length > 0 ? path.join('.') : 'body'] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => fieldsWithNul(inner, [...path, key]));
}

/** Parses a request body (or query) with its schema, or answers 422 naming every bad field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown, detail = 'The request is not valid'): z.output<S> {
  const result = schema.safeParse(input === undefined || input === null ? {} : input);
  if (!result.success) throw new InvalidInputError(detail, result.error.issues.flatMap(describe));
  // No schema lets NUL through: it would reach a query and fail there (a 500), not here (a 422).
  const nul = fieldsWithNul(result.data);
  if (nul.length > 0) throw new InvalidInputError(detail, nul.map((field) => ({ field: field.slice(0, 100), message: 'must not contain NUL characters' })));
  return result.data as z.output<S>;
}
