import { fieldId } from '../layout/form-controls';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** An id the API hands out (a session, a request): the only thing a page puts in a path or query. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * One choice out of a few, as radio buttons in a fieldset. The first button carries the group's
 * field id, so the error summary's link lands on the group.
 */
export function RadioGroup(props: { name: string; legend: string; value?: string; error?: string; hint?: string; options: Array<{ value: string; label: string }> }) {
  const id = fieldId(props.name);
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={props.error ? 'field radios has-error' : 'field radios'} aria-describedby={described}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error-message" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      {props.options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${option.value}`;
        return (
          <div class="radio" key={option.value}>
            <input id={optionId} type="radio" name={props.name} value={option.value} checked={option.value === props.value} aria-invalid={props.error ? 'true' : undefined} />
            <label for={optionId}>{option.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//u, 'Edge'],
  [/\b(?:OPR|Opera)\//u, 'Opera'],
  [/\b(?:Firefox|FxiOS)\//u, 'Firefox'],
  [/\b(?:Chrome|CriOS|HeadlessChrome|Chromium)\//u, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//u, 'Safari'],
  [/^curl\//u, 'curl'],
];

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/\bWindows\b/u, 'Windows'],
  [/\bAndroid\b/u, 'Android'],
  [/\b(?:iPhone|iPad|iPod)\b/u, 'iOS'],
  [/\bCrOS\b/u, 'ChromeOS'],
  [/\b(?:Macintosh|Mac OS X)\b/u, 'macOS'],
  [/\bLinux\b/u, 'Linux'],
];

/** A browser's User-Agent as a person recognises it (`Firefox`, `Linux`); undefined parts unknown. */
export function browserOf(userAgent: string | null): { browser?: string; system?: string } {
  if (!userAgent) return {};
  return { browser: BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1], system: SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] };
}
