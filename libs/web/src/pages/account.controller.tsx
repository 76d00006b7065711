import { Get, Post } from '@nestjs/common';
import { LANGUAGES } from '@sargs/contracts';
import { accountMessages } from '../i18n/account.messages';
import { authMessages } from '../i18n/auth.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, SelectField, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import type { Viewer } from '../page/viewer';

type AccountForm = 'name' | 'email' | 'language';

interface Refusal {
  form: AccountForm;
  errors: FieldErrors;
  values: Record<string, string>;
}

const DONE = { name: 'nameSaved', language: 'languageSaved', email: 'emailChangeSent' } as const;

/** `/account`: name, address, language and when the password last changed; a form for each. */
@PageController()
export class AccountController {
  @Get('account')
  async show(@Page() page: PageContext): Promise<void> {
    this.renderAccount(page, await page.requireViewer());
  }

  @Post('account/name')
  async changeName(@Page() page: PageContext): Promise<void> {
    const viewer = await page.requireViewer();
    const name = page.form.text('name');
    const errors = page.controlCharacterErrors(['name']);
    if (Object.keys(errors).length > 0) return this.renderAccount(page, viewer, { form: 'name', errors, values: { name } });
    const answer = await page.call({ method: 'PATCH', path: '/me/profile', body: { name } });
    if (answer.status === 422) return this.renderAccount(page, viewer, { form: 'name', errors: page.fieldErrors(answer, 'name'), values: { name } });
    if (answer.status !== 200) throw page.failure(answer);
    page.redirect('/account?done=name');
  }

  @Post('account/email')
  async changeEmail(@Page() page: PageContext): Promise<void> {
    const viewer = await page.requireViewer();
    const newEmail = page.form.text('newEmail');
    const errors = page.controlCharacterErrors(['newEmail']);
    if (Object.keys(errors).length > 0) return this.renderAccount(page, viewer, { form: 'email', errors, values: { newEmail } });
    const answer = await page.call({ method: 'POST', path: '/me/email-change', body: { newEmail, password: page.form.text('password') } });
    if (answer.status === 422) return this.renderAccount(page, viewer, { form: 'email', errors: page.fieldErrors(answer, 'newEmail'), values: { newEmail } });
    if (answer.status !== 202) throw page.failure(answer);
    page.redirect('/account?done=email');
  }

  /** The account's language and the `lang` cookie together, as the header's switch does. */
  @Post('account/language')
  async changeLanguage(@Page() page: PageContext): Promise<void> {
    const viewer = await page.requireViewer();
    const language = page.form.text('language');
    if (!(LANGUAGES as readonly string[]).includes(language)) {
      return this.renderAccount(page, viewer, { form: 'language', errors: { language: page.t.fieldInvalid }, values: {} });
    }
    const answer = await page.call({ method: 'PUT', path: '/preferences/language', body: { language } });
    if (answer.status !== 204) throw page.failure(answer);
    page.redirect('/account?done=language');
  }

  private renderAccount(page: PageContext, viewer: Viewer, refusal?: Refusal): void {
    const m = accountMessages[page.language];
    const done = page.query('done');
    const errorsOf = (form: AccountForm) => (refusal?.form === form ? refusal.errors : {});
    const valueOf = (form: AccountForm, name: string, fallback: string) => (refusal?.form === form ? (refusal.values[name] ?? fallback) : fallback);
    page.render(
      <Layout page={page} title={m.title} section="account">
        <StatusMessage>{refusal ? undefined : done === 'email-confirmed' ? authMessages[page.language].emailChanged : done in DONE ? m[DONE[done as AccountForm]] : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{m.details}</h2>
          <dl class="details">
            <dt>{m.name}</dt>
            <dd>{viewer.name}</dd>
            <dt>{m.email}</dt>
            <dd>{viewer.email}</dd>
            <dt>{m.language}</dt>
            <dd>{page.t[viewer.language]}</dd>
            <dt>{m.passwordChangedAt}</dt>
            <dd>
              {formatDateTime(page.language, viewer.passwordChangedAt)} (<a href="/account/security">{m.changePassword}</a>)
            </dd>
            <dt>{m.memberSince}</dt>
            <dd>{formatDateTime(page.language, viewer.createdAt)}</dd>
          </dl>
        </section>
        <section aria-labelledby="name-heading">
          <h2 id="name-heading">{m.changeName}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errorsOf('name')} form="name" />
          <PostForm action="/account/name">
            <TextField form="name" name="name" label={m.name} autocomplete="name" required maxLength={200} value={valueOf('name', 'name', viewer.name)} error={errorsOf('name').name} />
            <button type="submit">{m.saveName}</button>
          </PostForm>
        </section>
        <section aria-labelledby="email-heading">
          <h2 id="email-heading">{m.changeEmail}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errorsOf('email')} form="email" />
          <PostForm action="/account/email">
            <TextField form="email" name="newEmail" type="email" label={m.newEmail} autocomplete="email" required hint={m.changeEmailHint} value={valueOf('email', 'newEmail', '')} error={errorsOf('email').newEmail} />
            <TextField form="email" name="password" type="password" label={m.currentPassword} autocomplete="current-password" required error={errorsOf('email').password} />
            <button type="submit">{m.sendConfirmation}</button>
          </PostForm>
        </section>
        <section aria-labelledby="language-heading">
          <h2 id="language-heading">{m.changeLanguage}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errorsOf('language')} form="language" />
          <PostForm action="/account/language">
            <SelectField
              form="language"
              name="language"
              label={m.language}
              value={viewer.language}
              error={errorsOf('language').language}
              options={LANGUAGES.map((language) => ({ value: language, label: page.t[language], lang: language }))}
            />
            <button type="submit">{m.saveLanguage}</button>
          </PostForm>
        </section>
      </Layout>,
      refusal ? 422 : 200,
    );
  }
}
