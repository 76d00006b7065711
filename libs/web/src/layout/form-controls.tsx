import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../page/form-input';

/** A field's id: forms that share a page prefix theirs (`password-currentPassword`). */
export function fieldId(name: string, form?: string): string {
  return form ? `${form}-${name}` : name;
}

/** The ids a control is described by: its hint, then its error. */
function describedBy(id: string, hint?: ComponentChildren, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

/**
 * Every error of a refused form at the top, each a link to its field; focused on arrival
 * (autofocus, no script needed) and announced (role=alert).
 */
export function ErrorSummary({ title, errors, form, labels }: { title: string; errors: FieldErrors; form?: string; labels?: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} autofocus aria-labelledby={fieldId('error-summary', form)}>
      <h2 id={fieldId('error-summary', form)}>{title}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>
            <a href={`#${fieldId(name, form)}`}>{labels?.[name] ? `${labels[name]}: ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldMessages({ id, hint, error }: { id: string; hint?: ComponentChildren; error?: string }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

interface FieldProps {
  name: string;
  label: string;
  form?: string;
  error?: string;
  hint?: ComponentChildren;
  required?: boolean;
}

export function TextField(
  props: FieldProps & { type?: 'text' | 'email' | 'password' | 'date' | 'search' | 'number'; value?: string; autocomplete?: string; inputmode?: string; maxLength?: number },
) {
  const id = fieldId(props.name, props.form);
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <FieldMessages id={id} hint={props.hint} error={props.error} />
      <input
        id={id}
        name={props.name}
        // preact types `type` as a union keyed by role; any of ours is a plain text-like input.
        type={(props.type ?? 'text') as 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        inputMode={props.inputmode as 'numeric' | undefined}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
    </div>
  );
}

export function TextArea(props: FieldProps & { value?: string; rows?: number; maxLength?: number }) {
  const id = fieldId(props.name, props.form);
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <FieldMessages id={id} hint={props.hint} error={props.error} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 6}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export function SelectField(props: FieldProps & { value?: string; options: Array<{ value: string; label: string; lang?: string }> }) {
  const id = fieldId(props.name, props.form);
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <FieldMessages id={id} hint={props.hint} error={props.error} />
      <select id={id} name={props.name} required={props.required} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy(id, props.hint, props.error)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A checkbox whose label may hold a link (the policy it accepts). */
export function Checkbox(props: Omit<FieldProps, 'label'> & { checked?: boolean; value?: string; children: ComponentChildren }) {
  const id = fieldId(props.name, props.form);
  return (
    <div class={props.error ? 'field checkbox has-error' : 'field checkbox'}>
      <FieldMessages id={id} hint={props.hint} error={props.error} />
      <input
        id={id}
        name={props.name}
        type="checkbox"
        value={props.value ?? 'true'}
        checked={props.checked}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
      <label for={id}>{props.children}</label>
    </div>
  );
}

/** An outcome announced politely after a redirect (`?done=`), e.g. "Your name was saved". */
export function StatusMessage({ children }: { children?: ComponentChildren }) {
  if (!children) return null;
  return (
    <div class="notice" role="status">
      <p>{children}</p>
    </div>
  );
}

/**
 * A form that posts back to the server, which decides (novalidate: the browser's own bubbles
 * would differ with and without script and speak only the browser's language).
 */
export function PostForm({ action, children, class: className, label }: { action: string; children: ComponentChildren; class?: string; label?: string }) {
  return (
    <form method="post" action={action} novalidate class={className} aria-label={label}>
      {children}
    </form>
  );
}

/**
 * A list's filters: a GET form back to the list (so a filtered view is a link), its submit button
 * in a field's place so it lines up with the fields.
 */
export function FilterForm({ action, label, button, children }: { action: string; label: string; button: string; children: ComponentChildren }) {
  return (
    <form method="get" action={action} class="filters" aria-label={label}>
      {children}
      <div class="field">
        <button type="submit">{button}</button>
      </div>
    </form>
  );
}
