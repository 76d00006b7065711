import { Get, Param } from '@nestjs/common';
import { LANGUAGES, type Language } from '@sargs/contracts';
import { publicMessages } from '../i18n/public.messages';
import { formatDateTime } from '../i18n/locale-format';
import { Layout } from '../layout/layout';
import { RecordTable } from '../layout/record-table';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { PolicyText } from './policy-text';

/** GET /policies/privacy and /policies/privacy/versions/:version. */
interface PolicyDocument {
  version: string;
  language: Language;
  publishedAt: string;
  sha256: string;
  content: string;
}

/** One row of GET /policies/privacy/versions (newest first). */
interface PolicyVersionSummary {
  version: string;
  publishedAt: string;
  languages: Language[];
  sha256: Record<Language, string>;
}

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

const versionPath = (version: string) => `/privacy-policy/versions/${encodeURIComponent(version)}`;

/**
 * `/privacy-policy`: the policy in force in the page's language, with its version, date and
 * SHA-256, and every version ever published; `/privacy-policy/versions/:version`: one version's
 * text, in the page's language or the one `?lang=` names.
 */
@PageController()
export class PrivacyPolicyController {
  @Get('privacy-policy')
  async current(@Page() page: PageContext): Promise<void> {
    const p = publicMessages[page.language];
    const [policy, versions] = await Promise.all([
      page.fetch<PolicyDocument>({ method: 'GET', path: `/policies/privacy?lang=${page.language}` }),
      page.fetch<PolicyVersionSummary[]>({ method: 'GET', path: '/policies/privacy/versions' }),
    ]);
    page.render(
      <Layout page={page} title={p.policyTitle}>
        <h1>{p.policyTitle}</h1>
        <PolicyDetails page={page} policy={policy} />
        <p>
          <a href="#versions-heading">{p.allVersions}</a>
        </p>
        <article class="policy-text" lang={policy.language} aria-label={p.policyText(policy.version)}>
          <PolicyText content={policy.content} />
        </article>
        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">{p.allVersions}</h2>
          <p>{p.allVersionsIntro}</p>
          <VersionTable page={page} versions={versions} current={policy.version} />
        </section>
      </Layout>,
    );
  }

  @Get('privacy-policy/versions/:version')
  async version(@Page() page: PageContext, @Param('version') version: string): Promise<void> {
    const p = publicMessages[page.language];
    const asked = page.query('lang');
    const language = isLanguage(asked) ? asked : page.language;
    const [answer, current] = await Promise.all([
      page.call({ method: 'GET', path: `/policies/privacy/versions/${encodeURIComponent(version)}?lang=${language}` }),
      page.fetch<PolicyDocument>({ method: 'GET', path: `/policies/privacy?lang=${language}` }),
    ]);
    // No such version, or a name no version could have: the same 404 page.
    if (answer.status === 404 || answer.status === 422) throw new PageError(404, 'not-found');
    if (answer.status !== 200) throw page.failure(answer);
    const policy = answer.body as PolicyDocument;
    const others = LANGUAGES.filter((other) => other !== policy.language);
    page.render(
      <Layout page={page} title={p.policyVersionTitle(policy.version)}>
        <h1>{p.policyVersionTitle(policy.version)}</h1>
        <p>{policy.version === current.version ? p.inForceNow : p.supersededVersion}</p>
        <PolicyDetails page={page} policy={policy} />
        <p>
          {p.otherLanguage}{' '}
          {others.map((other) => (
            <a key={other} href={`${versionPath(policy.version)}?lang=${other}`} lang={other} hreflang={other}>
              {page.t[other]}
            </a>
          ))}
        </p>
        <article class="policy-text" lang={policy.language} aria-label={p.policyText(policy.version)}>
          <PolicyText content={policy.content} />
        </article>
        <p>
          <a href="/privacy-policy">{p.readInForce}</a>
        </p>
      </Layout>,
    );
  }
}

function PolicyDetails({ page, policy }: { page: PageContext; policy: PolicyDocument }) {
  const p = publicMessages[page.language];
  return (
    <dl class="details policy-details">
      <dt>{p.version}</dt>
      <dd class="policy-version">{policy.version}</dd>
      <dt>{p.publishedAt}</dt>
      <dd>{formatDateTime(page.language, policy.publishedAt)}</dd>
      <dt>{p.textLanguage}</dt>
      <dd lang={policy.language}>{page.t[policy.language]}</dd>
      <dt>{p.sha256}</dt>
      <dd>
        <code class="hash policy-sha256">{policy.sha256}</code>
        <p class="hint">{p.sha256Hint}</p>
      </dd>
    </dl>
  );
}

function VersionTable({ page, versions, current }: { page: PageContext; versions: PolicyVersionSummary[]; current: string }) {
  const p = publicMessages[page.language];
  return (
    <RecordTable
      class="policy-versions"
      caption={p.versionsCaption}
      rows={versions}
      rowKey={(row) => row.version}
      rowAttributes={(row) => ({ 'data-version': row.version })}
      columns={[
        {
          header: p.version,
          rowHeader: true,
          cell: (row) => (
            <>
              <a href={versionPath(row.version)}>{row.version}</a>
              {row.version === current && <span class="badge">{p.inForce}</span>}
            </>
          ),
        },
        { header: p.publishedAt, cell: (row) => formatDateTime(page.language, row.publishedAt) },
        {
          header: p.languages,
          cell: (row) => (
            <ul class="plain-list">
              {row.languages.map((language) => (
                <li key={language}>
                  <a href={`${versionPath(row.version)}?lang=${language}`} lang={language} hreflang={language}>
                    {page.t[language]}
                  </a>
                </li>
              ))}
            </ul>
          ),
        },
        {
          header: p.checksums,
          cell: (row) => (
            <ul class="plain-list">
              {row.languages.map((language) => (
                <li key={language} data-language={language}>
                  <span lang={language}>{page.t[language]}</span>: <code class="hash">{row.sha256[language]}</code>
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}
