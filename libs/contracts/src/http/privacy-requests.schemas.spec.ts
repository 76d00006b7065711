import { answerPrivacyRequestBody, createPrivacyRequestBody, PRIVACY_REQUEST_TYPES, privacyRequestListQuery } from './privacy-requests.schemas';

const issues = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('createPrivacyRequestBody', () => {
  it.each(PRIVACY_REQUEST_TYPES)('accepts a %s request', (type) => {
    expect(createPrivacyRequestBody.parse({ type, message: 'Lūdzu, izlabojiet manu vārdu.' })).toEqual({ type, message: 'Lūdzu, izlabojiet manu vārdu.' });
  });

  it('keeps line breaks and tabs, normalising CR LF, trimming and composing (NFC)', () => {
    const parsed = createPrivacyRequestBody.parse({ type: 'question', message: '  First line\r\nsecond\tline\rthird \u0061\u0304 \n ' });
    expect(parsed.message).toBe('First line\nsecond\tline\nthird \u0101');
  });

  it('refuses an unknown type, a missing or empty message, and extra fields', () => {
    expect(issues(createPrivacyRequestBody.safeParse({ type: 'complaint', message: 'x' }))).toEqual([expect.stringMatching(/^type: /)]);
    expect(issues(createPrivacyRequestBody.safeParse({ type: 'access' }))).toEqual([expect.stringMatching(/^message: /)]);
    expect(issues(createPrivacyRequestBody.safeParse({ type: 'access', message: ' \n\t ' }))).toEqual(['message: must not be empty']);
    expect(issues(createPrivacyRequestBody.safeParse({ type: 'access', message: 42 }))).toEqual([expect.stringMatching(/^message: /)]);
    expect(createPrivacyRequestBody.safeParse({ type: 'access', message: 'x', accountId: 'someone else' }).success).toBe(false);
  });

  it('takes 5000 characters, counted as PostgreSQL counts them, and no more', () => {
    expect(createPrivacyRequestBody.safeParse({ type: 'access', message: 'ā'.repeat(5000) }).success).toBe(true);
    // Characters outside the BMP are one character each, though two UTF-16 units.
    expect(createPrivacyRequestBody.safeParse({ type: 'access', message: '😀'.repeat(5000) }).success).toBe(true);
    expect(issues(createPrivacyRequestBody.safeParse({ type: 'access', message: 'a'.repeat(5001) }))).toEqual(['message: must be at most 5000 characters']);
  });

  it.each(['\u0000', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u009b'])('refuses the control character U+%s', (control) => {
    const result = createPrivacyRequestBody.safeParse({ type: 'access', message: `a${control}b` });
    expect(issues(result)).toEqual(['message: must not contain control characters other than line breaks and tabs']);
  });

  // parseInput rewords zod's own messages (which can quote the input); the refinements here must not quote either.
  it('never quotes the message in its own error messages', () => {
    const result = createPrivacyRequestBody.safeParse({ type: 'access', message: 'secret\u0000text' });
    expect(JSON.stringify(issues(result))).not.toMatch(/secret/);
  });
});

describe('answerPrivacyRequestBody', () => {
  it('takes answered or rejected with a response', () => {
    expect(answerPrivacyRequestBody.parse({ status: 'rejected', response: ' Not enough detail. ' })).toEqual({ status: 'rejected', response: 'Not enough detail.' });
    expect(answerPrivacyRequestBody.safeParse({ status: 'answered', response: 'x'.repeat(10_000) }).success).toBe(true);
  });

  it('refuses open, a missing or too long response and extra fields', () => {
    expect(issues(answerPrivacyRequestBody.safeParse({ status: 'open', response: 'x' }))).toEqual([expect.stringMatching(/^status: /)]);
    expect(issues(answerPrivacyRequestBody.safeParse({ status: 'answered' }))).toEqual([expect.stringMatching(/^response: /)]);
    expect(issues(answerPrivacyRequestBody.safeParse({ status: 'answered', response: 'x'.repeat(10_001) }))).toEqual(['response: must be at most 10000 characters']);
    expect(answerPrivacyRequestBody.safeParse({ status: 'answered', response: 'x', answeredBy: 'me' }).success).toBe(false);
  });
});

describe('privacyRequestListQuery', () => {
  it('takes an optional status and order, and pages like every staff list', () => {
    expect(privacyRequestListQuery.parse({})).toEqual({ order: 'newest', limit: 50 });
    expect(privacyRequestListQuery.parse({ status: 'open', order: 'due', limit: '2' })).toEqual({ status: 'open', order: 'due', limit: 2 });
    expect(privacyRequestListQuery.safeParse({ status: 'late' }).success).toBe(false);
    expect(privacyRequestListQuery.safeParse({ order: 'oldest' }).success).toBe(false);
    expect(privacyRequestListQuery.safeParse({ cursor: 'not a cursor!' }).success).toBe(false);
  });
});
