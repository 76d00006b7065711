import { Get, Post } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { publishPolicyBody, type Language } from '@sargs/contracts';
import { localiseFieldMessage } from '../i18n/api-field-messages';
import { consoleRecordsMessages, type ConsoleRecordsMessages } from '../i18n/console-records.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage, TextArea, TextField } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { countChanges, diffLines, hasChanges, withContext, type DiffLine } from './line-diff';

const PATH = '/admin/policies';

/** GET /policies/privacy?lang=: the version in force in one language. */
interface PolicyDocument {
  version: string;
  language: Language;
  publishedAt: string;
  sha256: string;
  content: string;
}

type InForce = Record<Language, PolicyDocument>;

/** What the publish form holds; its field names are the page's, the API nests the texts. */
interface Draft {
  version: string;
  contentLv: string;
  contentEn: string;
}

interface Preview {
  token: string;
  diffs: Record<Language, DiffLine[]>;
}

/** API field to form field, for a refused publication. */
const API_FIELDS: Record<string, string> = {
  'translations.lv.content': 'contentLv',
  'translations.lv': 'contentLv',
  'translations.en.content': 'contentEn',
  'translations.en': 'contentEn',
  translations: 'contentLv',
};

/**
 * `/admin/policies`: the privacy policy in force in both languages, and a new version published in
 * two steps: a preview that shows each language's line diff against the version in force, then
 * the publication (POST /admin/policies/privacy) of exactly what was previewed.
 */
@PageController()
export class PolicyPublishingController {
  @Get('admin/policies')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const inForce = await this.inForce(page);
    this.render(page, inForce, { version: '', contentLv: inForce.lv.content, contentEn: inForce.en.content }, {});
  }

  @Post('admin/policies/preview')
  async preview(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const inForce = await this.inForce(page);
    const draft = this.draft(page);
    const errors = await this.check(page, draft);
    if (Object.keys(errors).length > 0) return this.render(page, inForce, draft, errors);
    this.render(page, inForce, draft, {}, this.diff(inForce, draft));
  }

  @Post('admin/policies/publish')
  async publish(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const m = consoleRecordsMessages[page.language];
    const draft = this.draft(page);
    const errors = await this.check(page, draft);
    if (Object.keys(errors).length > 0) return this.render(page, await this.inForce(page), draft, errors);
    // Only what was previewed is published: a text changed since is shown as a preview again.
    if (page.form.text('previewed') !== previewToken(draft)) {
      const inForce = await this.inForce(page);
      return this.render(page, inForce, draft, { publish: m.changedSincePreview }, this.diff(inForce, draft));
    }
    const answer = await page.call({
      method: 'POST',
      path: '/admin/policies/privacy',
      body: { version: draft.version, translations: { lv: { content: draft.contentLv }, en: { content: draft.contentEn } } },
    });
    if (answer.status === 201) return page.redirect(`${PATH}?done=published`);
    if (answer.status === 409) return this.render(page, await this.inForce(page), draft, { version: m.versionExists });
    if (answer.status === 422) return this.render(page, await this.inForce(page), draft, page.fieldErrors(answer, 'version', API_FIELDS));
    throw page.failure(answer);
  }

  private async inForce(page: PageContext): Promise<InForce> {
    const [lv, en] = await Promise.all(
      (['lv', 'en'] as const).map((language) => page.fetch<PolicyDocument>({ method: 'GET', path: `/policies/privacy?lang=${language}` })),
    );
    return { lv, en };
  }

  /** The form's texts with their line breaks as LF: a browser posts a text area's as CRLF. */
  private draft(page: PageContext): Draft {
    const lf = (text: string) => text.replace(/\r\n?/gu, '\n');
    return { version: page.form.text('version').trim(), contentLv: lf(page.form.text('contentLv')), contentEn: lf(page.form.text('contentEn')) };
  }

  /** The API's own rules (the contract's schema), checked before the preview; and a version that exists. */
  private async check(page: PageContext, draft: Draft): Promise<FieldErrors> {
    const m = consoleRecordsMessages[page.language];
    const errors = page.controlCharacterErrors(['version'], ['contentLv', 'contentEn']);
    const parsed = publishPolicyBody.safeParse({ version: draft.version, translations: { lv: { content: draft.contentLv }, en: { content: draft.contentEn } } });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        const field = API_FIELDS[path] ?? path;
        errors[field] ??= localiseFieldMessage(page.language, issue.message, page.t.fieldInvalid);
      }
    }
    if (!errors.version) {
      const existing = await page.call({ method: 'GET', path: `/policies/privacy/versions/${encodeURIComponent(draft.version)}?lang=en` });
      if (existing.status === 200) errors.version = m.versionExists;
      else if (existing.status !== 404) throw page.failure(existing);
    }
    return errors;
  }

  private diff(inForce: InForce, draft: Draft): Preview {
    return {
      token: previewToken(draft),
      diffs: { lv: diffLines(inForce.lv.content, draft.contentLv), en: diffLines(inForce.en.content, draft.contentEn) },
    };
  }

  private render(page: PageContext, inForce: InForce, draft: Draft, errors: FieldErrors, preview?: Preview): void {
    const m = consoleRecordsMessages[page.language];
    const lang = page.language;
    const refused = Object.keys(errors).length > 0;
    const languageName = { lv: m.latvian, en: m.english };
    page.render(
      <Layout page={page} title={m.policiesTitle} section="console">
        <StatusMessage>{!refused && !preview && page.query('done') === 'published' ? m.policyPublished(inForce.en.version) : undefined}</StatusMessage>
        <h1>{m.policiesTitle}</h1>
        {preview ? (
          <section aria-labelledby="preview-heading">
            <h2 id="preview-heading">{m.previewTitle}</h2>
            <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} />
            <p>{m.previewIntro(inForce.en.version, draft.version)}</p>
            {(['lv', 'en'] as const).map((language) => (
              <DiffView key={language} m={m} pageLanguage={lang} language={language} title={m.changesIn(languageName[language])} lines={preview.diffs[language]} />
            ))}
          </section>
        ) : (
          <section aria-labelledby="in-force-heading">
            <h2 id="in-force-heading">{m.inForce}</h2>
            <dl class="details">
              <dt>{m.version}</dt>
              <dd class="in-force-version">{inForce.en.version}</dd>
              <dt>{m.publishedAt}</dt>
              <dd>{formatDateTime(lang, inForce.en.publishedAt)}</dd>
              {(['lv', 'en'] as const).map((language) => [
                <dt key={`${language}-dt`}>
                  {m.sha256} ({languageName[language]})
                </dt>,
                <dd key={`${language}-dd`} class="hash">
                  {inForce[language].sha256}
                </dd>,
              ])}
            </dl>
            {(['lv', 'en'] as const).map((language) => (
              <details key={language}>
                <summary>{m.textIn(languageName[language])}</summary>
                <pre class="policy" lang={language}>
                  {inForce[language].content}
                </pre>
              </details>
            ))}
          </section>
        )}
        <section aria-labelledby="publish-heading">
          <h2 id="publish-heading">{m.publishTitle}</h2>
          <p>{m.publishIntro}</p>
          {!preview && <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} />}
          <PostForm action={preview ? `${PATH}/publish` : `${PATH}/preview`}>
            {preview && <input type="hidden" name="previewed" value={preview.token} />}
            <TextField name="version" label={m.version} hint={m.versionHint} required maxLength={50} value={draft.version} error={errors.version} />
            <TextArea name="contentLv" label={m.contentLv} required rows={14} maxLength={200_000} value={draft.contentLv} error={errors.contentLv} />
            <TextArea name="contentEn" label={m.contentEn} required rows={14} maxLength={200_000} value={draft.contentEn} error={errors.contentEn} />
            {preview ? (
              <ul class="actions">
                <li>
                  <button type="submit" id="publish">
                    {m.publishButton(draft.version)}
                  </button>
                </li>
                <li>
                  <button type="submit" class="secondary" formaction={`${PATH}/preview`}>
                    {m.previewAgain}
                  </button>
                </li>
              </ul>
            ) : (
              <button type="submit">{m.previewButton}</button>
            )}
          </PostForm>
        </section>
      </Layout>,
      refused ? 422 : 200,
    );
  }
}

/** Names exactly the texts that were previewed, so the publication can be held to them. */
function previewToken(draft: Draft): string {
  return createHash('sha256').update(JSON.stringify([draft.version, draft.contentLv, draft.contentEn])).digest('hex');
}

const MARK = { same: '  ', added: '+ ', removed: '− ' } as const;

/** One language's changes: added lines in <ins>, removed in <del>, each also marked + or − for those who do not see colour. */
function DiffView({ m, pageLanguage, language, title, lines }: { m: ConsoleRecordsMessages; pageLanguage: Language; language: Language; title: string; lines: DiffLine[] }) {
  const id = `diff-${language}`;
  const { added, removed } = countChanges(lines);
  return (
    <section aria-labelledby={`${id}-heading`} class="diff-section" data-language={language}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {hasChanges(lines) ? (
        <>
          <p>{m.changeCount(added, removed)}</p>
          <pre class="diff" lang={language}>
            {withContext(lines).map((line, index) =>
              line.kind === 'gap' ? (
                <span key={index} class="diff-gap" lang={pageLanguage}>
                  {`${m.unchangedLines(line.count)}\n`}
                </span>
              ) : line.kind === 'added' ? (
                <ins key={index}>{`${MARK.added}${line.text}\n`}</ins>
              ) : line.kind === 'removed' ? (
                <del key={index}>{`${MARK.removed}${line.text}\n`}</del>
              ) : (
                <span key={index}>{`${MARK.same}${line.text}\n`}</span>
              ),
            )}
          </pre>
        </>
      ) : (
        <p>{m.noChanges}</p>
      )}
    </section>
  );
}
