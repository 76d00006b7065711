import { Get, Param, Post } from '@nestjs/common';
import { ERASURE_CASE_STATUSES, type CertificateKeySetView, type CertificateVerificationView, type ErasureCaseView } from '@sargs/contracts';
import { consoleRecordsMessages, type ConsoleRecordsMessages } from '../i18n/console-records.messages';
import { formatDateTime, formatNumber } from '../i18n/locale-format';
import { ErrorSummary, FilterForm, PostForm, SelectField, TextArea } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { NextPageLink, RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { isUuid, nextPageHref, query } from './records-kit';

const PATH = '/admin/erasures';
/** The public URL of the certificate keys (JWK Set), on the API. */
const KEYS_PATH = '/erasure-certificate-keys';

/** GET /admin/erasures: one row per case. */
interface ErasureCaseSummary {
  caseId: string;
  status: string;
  requestedAt: string;
  requestedBy: 'self' | 'staff';
  kind: 'person' | 'tenant';
  completedAt: string | null;
}

/** What the verification form was given and what came of it. */
interface Verification {
  text: string;
  errors: FieldErrors;
  verdict?: CertificateVerificationView;
}

/** `/admin/erasures`: the cases; `/admin/erasures/:caseId`: one case, its certificate and a check of certificates. */
@PageController()
export class ErasuresController {
  @Get('admin/erasures')
  async list(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const m = consoleRecordsMessages[page.language];
    const status = page.query('status');
    let cases: ErasureCaseSummary[] = [];
    let next: string | undefined;
    let errors: FieldErrors = {};
    if (status !== '' && !(ERASURE_CASE_STATUSES as readonly string[]).includes(status)) {
      errors = { status: page.t.fieldInvalid };
    } else {
      const answer = await page.call({ method: 'GET', path: `/admin/erasures?${query({ status, cursor: page.query('cursor') })}` });
      if (answer.status === 422) errors = page.fieldErrors(answer, 'status');
      else if (answer.status !== 200) throw page.failure(answer);
      else {
        cases = answer.body as ErasureCaseSummary[];
        next = nextPageHref(PATH, { status }, answer.link);
      }
    }
    page.render(
      <Layout page={page} title={m.erasuresTitle} section="console">
        <h1>{m.erasuresTitle}</h1>
        <p>{m.erasuresIntro}</p>
        <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} form="filter" />
        <FilterForm action={PATH} label={m.filter} button={m.filter}>
          <SelectField
            form="filter"
            name="status"
            label={m.statusLabel}
            value={status}
            error={errors.status}
            options={[{ value: '', label: m.any }, ...ERASURE_CASE_STATUSES.map((s) => ({ value: s, label: m.status(s) }))]}
          />
        </FilterForm>
        <RecordTable
          rows={cases}
          empty={m.noCases}
          rowKey={(c) => c.caseId}
          columns={[
            { header: m.caseId, class: 'hash', cell: (c) => <a href={`${PATH}/${c.caseId}`}>{c.caseId}</a> },
            { header: m.statusLabel, cell: (c) => m.status(c.status) },
            { header: m.kindLabel, cell: (c) => (c.kind === 'tenant' ? m.kindTenant : m.kindPerson) },
            { header: m.requestedAt, cell: (c) => formatDateTime(page.language, c.requestedAt) },
            { header: m.requestedBy, cell: (c) => (c.requestedBy === 'staff' ? m.requestedByStaff : m.requestedBySelf) },
            { header: m.completedAt, cell: (c) => formatDateTime(page.language, c.completedAt) },
          ]}
        />
        <NextPageLink href={next} label={m.olderEntries} />
      </Layout>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  @Get('admin/erasures/:caseId')
  async show(@Page() page: PageContext, @Param('caseId') caseId: string): Promise<void> {
    await page.requireStaff();
    this.renderCase(page, await this.load(page, caseId), await this.keys(page), { text: '', errors: {} });
  }

  /** The signed certificate as a file, exactly as the API gave it (pretty-printed JSON). */
  @Get('admin/erasures/:caseId/certificate')
  async download(@Page() page: PageContext, @Param('caseId') caseId: string): Promise<void> {
    await page.requireStaff();
    const erasure = await this.load(page, caseId);
    if (!erasure.certificate) throw new PageError(404, 'not-found');
    page.download(`erasure-certificate-${erasure.caseId}.json`, 'application/json; charset=utf-8', `${JSON.stringify(erasure.certificate, null, 2)}\n`);
  }

  /**
   * Checks a pasted certificate with retention (POST /admin/erasures/certificate-verification).
   * It changes nothing, so the verdict is shown at once, on the case page, with what was pasted.
   */
  @Post('admin/erasures/:caseId/certificate-verification')
  async verify(@Page() page: PageContext, @Param('caseId') caseId: string): Promise<void> {
    await page.requireStaff();
    const m = consoleRecordsMessages[page.language];
    const erasure = await this.load(page, caseId);
    const keys = await this.keys(page);
    const text = page.form.text('certificate');
    const errors = page.controlCharacterErrors(['certificate'], ['certificate']);
    if (Object.keys(errors).length > 0) return this.renderCase(page, erasure, keys, { text, errors });
    let certificate: unknown;
    try {
      certificate = JSON.parse(text);
    } catch {
      return this.renderCase(page, erasure, keys, { text, errors: { certificate: text.trim() === '' ? page.t.fieldRequired : m.certificateNotJson } });
    }
    const answer = await page.call({ method: 'POST', path: '/admin/erasures/certificate-verification', body: { certificate } });
    if (answer.status === 422) return this.renderCase(page, erasure, keys, { text, errors: { certificate: m.certificateShape } });
    if (answer.status !== 200) throw page.failure(answer);
    this.renderCase(page, erasure, keys, { text, errors: {}, verdict: answer.body as CertificateVerificationView });
  }

  private async load(page: PageContext, caseId: string): Promise<ErasureCaseView> {
    if (!isUuid(caseId)) throw new PageError(404, 'not-found');
    return page.fetch<ErasureCaseView>({ method: 'GET', path: `/admin/erasures/${encodeURIComponent(caseId)}` });
  }

  /** The published keys, so a DPO can hand them to an auditor; the page still shows without them. */
  private async keys(page: PageContext): Promise<CertificateKeySetView | undefined> {
    const answer = await page.call({ method: 'GET', path: KEYS_PATH });
    return answer.status === 200 ? (answer.body as CertificateKeySetView) : undefined;
  }

  private renderCase(page: PageContext, erasure: ErasureCaseView, keys: CertificateKeySetView | undefined, verification: Verification): void {
    const m = consoleRecordsMessages[page.language];
    const lang = page.language;
    const path = `${PATH}/${erasure.caseId}`;
    page.render(
      <Layout page={page} title={m.caseTitle} section="console">
        <h1>{m.caseTitle}</h1>
        <p class="hash">{erasure.caseId}</p>
        <section aria-labelledby="case-heading">
          <h2 id="case-heading">{m.caseDetails}</h2>
          <dl class="details">
            <dt>{m.statusLabel}</dt>
            <dd class="case-status">{m.status(erasure.status)}</dd>
            <dt>{m.kindLabel}</dt>
            <dd class="case-kind">{erasure.kind === 'tenant' ? m.kindTenant : m.kindPerson}</dd>
            <dt>{m.requestedAt}</dt>
            <dd>{formatDateTime(lang, erasure.requestedAt)}</dd>
            <dt>{m.requestedBy}</dt>
            <dd>
              {erasure.requestedBy === 'staff' ? m.requestedByStaff : m.requestedBySelf}
              {erasure.requestedByStaffId && (
                <>
                  {' '}
                  (<span class="hash">{erasure.requestedByStaffId}</span>)
                </>
              )}
            </dd>
            <dt>{m.attempts}</dt>
            <dd>{formatNumber(lang, erasure.attempts)}</dd>
            {erasure.overdue && (
              <>
                <dt>{m.overdue}</dt>
                <dd>
                  <span class="badge warn">{m.overdueText(erasure.missing.join(', '))}</span>
                </dd>
              </>
            )}
            <dt>{m.completedAt}</dt>
            <dd>{erasure.completedAt ? formatDateTime(lang, erasure.completedAt) : m.notYet}</dd>
            <dt>{m.backupsExpireBy}</dt>
            <dd>{erasure.backupsExpireBy ? formatDateTime(lang, erasure.backupsExpireBy) : erasure.completedAt ? m.noBackupBefore : m.notYet}</dd>
          </dl>
        </section>
        <section aria-labelledby="services-heading">
          <h2 id="services-heading">{m.services}</h2>
          <RecordTable
            rows={erasure.services}
            rowKey={(s) => s.service}
            columns={[
              { header: m.service, rowHeader: true, cell: (s) => s.service },
              { header: m.erasedAt, cell: (s) => (s.erasedAt ? formatDateTime(lang, s.erasedAt) : m.waiting) },
            ]}
          />
        </section>
        <section aria-labelledby="certificate-heading">
          <h2 id="certificate-heading">{m.certificate}</h2>
          {erasure.certificate ? (
            <>
              <p>{m.certificateIntro}</p>
              <pre class="hash certificate">
                {JSON.stringify(erasure.certificate, null, 2)}
              </pre>
              <p>
                <a class="button secondary" href={`${path}/certificate`} download={`erasure-certificate-${erasure.caseId}.json`}>
                  {m.downloadCertificate}
                </a>
              </p>
            </>
          ) : (
            <p>{m.certificatePending}</p>
          )}
        </section>
        <section aria-labelledby="keys-heading" id="keys">
          <h2 id="keys-heading">{m.keysTitle}</h2>
          <p>
            {m.keysIntro} <a href={`/api/v1${KEYS_PATH}`}>{`/api/v1${KEYS_PATH}`}</a>.
          </p>
          {keys ? (
            <RecordTable
              rows={keys.keys}
              rowKey={(k) => k.kid}
              columns={[
                { header: m.keyId, class: 'hash', cell: (k) => k.kid },
                { header: m.publicKey, class: 'hash', cell: (k) => k.x },
                { header: m.keyUse, cell: (k) => (k.kid === keys.keys[0]?.kid ? m.keyCurrent : m.keyEarlier) },
              ]}
            />
          ) : (
            <p>{m.noKeys}</p>
          )}
        </section>
        <section aria-labelledby="verify-heading" id="verify">
          <h2 id="verify-heading">{m.verifyTitle}</h2>
          <Verdict m={m} verdict={verification.verdict} />
          <ErrorSummary title={page.t.errorSummaryTitle} errors={verification.errors} />
          <PostForm action={`${path}/certificate-verification#verify`}>
            <TextArea name="certificate" label={m.certificateField} hint={m.verifyHint} rows={12} maxLength={20_000} value={verification.text} error={verification.errors.certificate} />
            <button type="submit">{m.verifyButton}</button>
          </PostForm>
        </section>
      </Layout>,
      Object.keys(verification.errors).length > 0 ? 422 : 200,
    );
  }
}

function Verdict({ m, verdict }: { m: ConsoleRecordsMessages; verdict?: CertificateVerificationView }) {
  if (!verdict) return null;
  const text = verdict.valid ? m.verdictValid : verdict.reason === 'unknown-key' ? m.verdictUnknownKey : m.verdictAltered;
  return (
    // Focused on arrival (as an error summary is), so the verdict is seen and read out at once.
    <div class={verdict.valid ? 'notice verdict' : 'notice warn verdict'} role="status" tabindex={-1} autofocus data-valid={String(verdict.valid)}>
      <p>{text}</p>
    </div>
  );
}
