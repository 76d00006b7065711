import fc from 'fast-check';

/** Characters no form field has a use for; PostgreSQL text cannot hold NUL at all. */
const CONTROL_CHARACTERS = ['\u0000', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085'] as const;

/**
 * A plausible value (an address, a name, a near miss) with a control character, NUL most often,
 * somewhere inside: it passes a format check that a bare control character fails, so it reaches
 * deeper (a query, a hash, a stored field).
 */
export function withControlCharacter(nearMisses: readonly string[] = []): fc.Arbitrary<string> {
  const plausible = fc.oneof(fc.emailAddress(), fc.constantFrom('Anna Bērziņa', 'e2e-baseline', ...nearMisses));
  const control = fc.oneof({ weight: 3, arbitrary: fc.constant('\u0000') }, fc.constantFrom(...CONTROL_CHARACTERS));
  return fc.tuple(plausible, control, fc.nat()).map(([text, character, at]) => {
    const i = at % (text.length + 1);
    return `${text.slice(0, i)}${character}${text.slice(i)}`;
  });
}

/** Strings a hostile or careless client sends: any text, graphemes, control (NUL inside valid-looking values too) and lone-surrogate characters, injections, huge values. */
export function hostileString(nearMisses: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.emailAddress(),
    withControlCharacter(nearMisses),
    fc.constantFrom('', ' ', '\u0000', '\ud800', 'a'.repeat(5000), '<script>alert(1)</script>', "x'; DROP TABLE account;--", '__proto__', '../../etc/passwd', ...nearMisses),
  );
}

/** Any JSON value a field could be given instead of the right one. */
export function hostileValue(nearMisses: readonly string[] = []): fc.Arbitrary<unknown> {
  const text = hostileString(nearMisses);
  return fc.oneof(
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(text, { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 10 }), text, { maxKeys: 3 }),
  );
}

/** A raw request body: `{raw}` is sent as is (mostly malformed JSON), anything else as JSON. */
export type HostileBody = unknown;

/**
 * Bodies for an endpoint with these fields: the right fields with wrong values, prototype keys and
 * extras, any JSON at all, or raw text that claims to be JSON.
 */
export function hostileBody(fields: readonly string[], nearMisses: readonly string[] = []): fc.Arbitrary<HostileBody> {
  const value = hostileValue(nearMisses);
  return fc.oneof(
    fc.record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom(...fields, '__proto__', 'constructor', 'prototype', 'extra'), value, { maxKeys: 6 }),
    fc.anything({ maxDepth: 3 }),
    fc.string({ maxLength: 200 }).map((raw) => ({ raw })),
  );
}

/** The bytes to send for a hostileBody value. */
export function hostilePayload(body: HostileBody): string {
  const raw = typeof body === 'object' && body !== null && 'raw' in body && Object.keys(body).length === 1;
  return raw ? (body as { raw: string }).raw : JSON.stringify(body === undefined ? null : body);
}

/** A hostile string as a URL component; lone surrogates (not representable in UTF-8) become U+FFFD. */
export function encodeHostile(value: string): string {
  return encodeURIComponent(value.replace(/[\ud800-\udfff]/gu, '\ufffd'));
}
