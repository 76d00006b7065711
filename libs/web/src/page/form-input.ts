/** Field name to the message shown next to it (already in the page's language). */
export type FieldErrors = Record<string, string>;

// C0 and C1 controls and DEL: never typed into a form; line breaks and tabs only in text areas.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex
const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * A posted form (application/x-www-form-urlencoded, parsed by express). Anything that is not a
 * single string (a repeated name, `a[b]=` nesting) reads as absent, so hostile shapes become an
 * ordinary "fill in this field" rather than a crash.
 */
export class FormInput {
  constructor(private readonly body: unknown) {}

  text(name: string): string {
    const value = this.body !== null && typeof this.body === 'object' ? (this.body as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? value : '';
  }

  /** Whether the form carries this field as a single string (maybe empty). */
  has(name: string): boolean {
    const value = this.body !== null && typeof this.body === 'object' ? (this.body as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string';
  }

  /** Every string value of a name several controls share (checkboxes `roles=admin&roles=dpo`). */
  all(name: string): string[] {
    const value = this.body !== null && typeof this.body === 'object' ? (this.body as Record<string, unknown>)[name] : undefined;
    if (typeof value === 'string') return [value];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  /** A checkbox: present (any value) when ticked. */
  checked(name: string): boolean {
    return this.text(name) !== '';
  }

  /**
   * Fields holding characters no person types (NUL and other controls), which PostgreSQL text
   * cannot hold or which have no use in a name or address: refused here, before any call.
   */
  controlCharacters(names: string[], multiline: string[] = []): string[] {
    return names.filter((name) => (multiline.includes(name) ? CONTROL : LINE_CONTROL).test(this.text(name)));
  }
}
