import type { PasskeyView } from '@sargs/contracts';
import { formatDateTime } from '../i18n/locale-format';
import { passkeyMessages } from '../i18n/passkey.messages';
import { ErrorSummary, PostForm, SelectField, TextField } from '../layout/form-controls';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { RecordTable } from '../layout/record-table';

/** Which passkey form a refused post came from, its errors, and what was typed. */
export interface PasskeyFormState {
  form: 'passkey-add' | 'passkey-remove';
  errors: FieldErrors;
  name?: string;
  id?: string;
}

/**
 * The passkeys part of `/account/security`: my passkeys, a removal form (password; no script
 * needed), and the form that adds one. Adding needs the browser's WebAuthn API, so its button is
 * off until /assets/sargs.js turns it on; without script a sentence says so and nothing else changes.
 */
export function PasskeysSection({ page, passkeys, state }: { page: PageContext; passkeys: PasskeyView[]; state?: PasskeyFormState }) {
  const m = passkeyMessages[page.language];
  const addErrors = state?.form === 'passkey-add' ? state.errors : {};
  const removeErrors = state?.form === 'passkey-remove' ? state.errors : {};
  return (
    <section aria-labelledby="passkeys-heading" class="passkeys">
      <h2 id="passkeys-heading">{m.heading}</h2>
      <p>{m.intro}</p>
      <RecordTable
        class="passkeys"
        caption={m.caption}
        rows={passkeys}
        empty={m.none}
        rowKey={(passkey) => passkey.id}
        rowAttributes={(passkey) => ({ 'data-passkey-id': passkey.id })}
        columns={[
          { header: m.name, rowHeader: true, cell: (passkey) => passkey.name },
          { header: m.addedAt, cell: (passkey) => formatDateTime(page.language, passkey.createdAt) },
          { header: m.lastUsedAt, cell: (passkey) => (passkey.lastUsedAt ? formatDateTime(page.language, passkey.lastUsedAt) : m.neverUsed) },
        ]}
      />
      {passkeys.length > 0 && (
        <>
          <p>{m.removeText}</p>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={removeErrors} form="passkey-remove" labels={{ password: m.password, id: m.name }} />
          <PostForm action="/account/security/passkeys/remove">
            <SelectField
              form="passkey-remove"
              name="id"
              label={m.name}
              required
              value={state?.id}
              error={removeErrors.id}
              options={passkeys.map((passkey) => ({ value: passkey.id, label: passkey.name }))}
            />
            <TextField form="passkey-remove" name="password" type="password" label={m.password} autocomplete="current-password" required error={removeErrors.password} />
            <button type="submit" class="danger">
              {m.removeButton}
            </button>
          </PostForm>
        </>
      )}
      <h3>{m.addHeading}</h3>
      <ErrorSummary title={page.t.errorSummaryTitle} errors={addErrors} form="passkey-add" labels={{ name: m.addName }} />
      <form
        method="post"
        action="/account/security/passkeys"
        novalidate
        data-passkey="register"
        data-passkey-options="/api/v1/me/passkeys/options"
        data-passkey-status="passkey-add-status"
        data-passkey-cancelled={m.cancelled}
        data-passkey-failed={m.notAccepted}
      >
        <input type="hidden" name="challengeId" value="" />
        <input type="hidden" name="credential" value="" />
        <TextField form="passkey-add" name="name" label={m.addName} hint={m.addNameHint} maxLength={64} required value={state?.form === 'passkey-add' ? state.name : undefined} error={addErrors.name} />
        <p class="field-error-message" id="passkey-add-status" role="alert" hidden></p>
        <p class="hint" data-passkey-unsupported>
          {m.needsScript}
        </p>
        <button type="submit" disabled>
          {m.addButton}
        </button>
      </form>
    </section>
  );
}
