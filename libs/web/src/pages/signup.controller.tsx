import { Get, Post } from '@nestjs/common';
import { authMessages } from '../i18n/auth.messages';
import { Checkbox, ErrorSummary, PostForm, StatusMessage, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';

interface SignUpValues {
  name: string;
  email: string;
  marketingEmails: boolean;
}

interface CurrentPolicy {
  version: string;
}

/** `/signup`: name, address, password, the marketing choice (unticked) and the policy in force. */
@PageController()
export class SignUpController {
  @Get('signup')
  async show(@Page() page: PageContext): Promise<void> {
    await this.renderForm(page, { name: '', email: '', marketingEmails: false }, {});
  }

  @Post('signup')
  async submit(@Page() page: PageContext): Promise<void> {
    const { form } = page;
    const values: SignUpValues = { name: form.text('name'), email: form.text('email'), marketingEmails: form.checked('marketingEmails') };
    const errors: FieldErrors = page.controlCharacterErrors(['name', 'email']);
    if (!form.checked('acceptPolicy')) errors.acceptPolicy = authMessages[page.language].acceptPolicyRequired;
    if (Object.keys(errors).length > 0) return this.renderForm(page, values, errors);
    const answer = await page.call({
      method: 'POST',
      path: '/accounts',
      body: {
        name: values.name,
        email: values.email,
        password: form.text('password'),
        language: page.language,
        acceptedPolicyVersion: form.text('acceptedPolicyVersion'),
        marketingEmails: values.marketingEmails,
      },
    });
    if (answer.status === 202) return page.redirect('/signup/check-email');
    if (answer.status === 422) return this.renderForm(page, values, page.fieldErrors(answer, 'email', { acceptedPolicyVersion: 'acceptPolicy' }));
    throw page.failure(answer);
  }

  /** After sign-up: the same page whether or not the address was already registered. */
  @Get('signup/check-email')
  checkEmail(@Page() page: PageContext): void {
    this.renderCheckEmail(page, {});
  }

  @Post('signup/check-email')
  async resend(@Page() page: PageContext): Promise<void> {
    const errors = page.controlCharacterErrors(['email']);
    if (Object.keys(errors).length > 0) return this.renderCheckEmail(page, errors, 422);
    const answer = await page.call({ method: 'POST', path: '/accounts/verification/resend', body: { email: page.form.text('email') } });
    if (answer.status === 422) return this.renderCheckEmail(page, page.fieldErrors(answer, 'email'), 422);
    if (answer.status !== 202) throw page.failure(answer);
    page.redirect('/signup/check-email?done=resent');
  }

  private renderCheckEmail(page: PageContext, errors: FieldErrors, status = 200): void {
    const m = authMessages[page.language];
    page.render(
      <Layout page={page} title={m.checkEmailTitle}>
        <StatusMessage>{page.query('done') === 'resent' ? m.resent : undefined}</StatusMessage>
        <h1>{m.checkEmailTitle}</h1>
        <p>{m.checkEmailText}</p>
        <h2>{m.resendTitle}</h2>
        <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} />
        <PostForm action="/signup/check-email">
          <TextField name="email" type="email" label={m.email} autocomplete="email" required error={errors.email} value={page.form.text('email')} />
          <button type="submit">{m.resendButton}</button>
        </PostForm>
      </Layout>,
      status,
    );
  }

  private async renderForm(page: PageContext, values: SignUpValues, errors: FieldErrors): Promise<void> {
    const m = authMessages[page.language];
    const policy = await page.fetch<CurrentPolicy>({ method: 'GET', path: `/policies/privacy?lang=${page.language}` });
    page.render(
      <Layout page={page} title={m.signUpTitle}>
        <h1>{m.signUpTitle}</h1>
        <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} />
        <PostForm action="/signup">
          <input type="hidden" name="acceptedPolicyVersion" value={policy.version} />
          <TextField name="name" label={m.name} autocomplete="name" required value={values.name} error={errors.name} maxLength={200} />
          <TextField name="email" type="email" label={m.email} autocomplete="email" required value={values.email} error={errors.email} maxLength={254} />
          <TextField name="password" type="password" label={m.password} autocomplete="new-password" required hint={m.passwordHint} error={errors.password} />
          <Checkbox name="marketingEmails" checked={values.marketingEmails} error={errors.marketingEmails}>
            {m.marketingEmails}
          </Checkbox>
          <Checkbox name="acceptPolicy" required error={errors.acceptPolicy}>
            {m.acceptPolicy} <a href="/privacy-policy">{m.acceptPolicyLink(policy.version)}</a>
          </Checkbox>
          <button type="submit">{m.createAccount}</button>
        </PostForm>
      </Layout>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }
}
