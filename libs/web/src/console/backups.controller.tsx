import { Get, Post } from '@nestjs/common';
import type { BackupView } from '@sargs/contracts';
import { consoleRecordsMessages } from '../i18n/console-records.messages';
import { formatDateTime } from '../i18n/locale-format';
import { ErrorSummary, PostForm, StatusMessage } from '../layout/form-controls';
import { Layout } from '../layout/layout';
import { RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { formatBytes } from './records-kit';

const PATH = '/admin/backups';

/** `/admin/backups` (R14): the catalogue, newest first, and a button that takes a backup now. */
@PageController()
export class BackupsController {
  @Get('admin/backups')
  async show(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    await this.render(page, {});
  }

  /** POST /admin/backups: 202 once the backup's row exists; 409 while one runs or when backups are off. */
  @Post('admin/backups')
  async take(@Page() page: PageContext): Promise<void> {
    await page.requireStaff();
    const answer = await page.call({ method: 'POST', path: '/admin/backups' });
    if (answer.status === 202) return page.redirect(`${PATH}?done=started`);
    if (answer.status === 409) return this.render(page, { take: consoleRecordsMessages[page.language].backupConflict }, 409);
    throw page.failure(answer);
  }

  private async render(page: PageContext, errors: FieldErrors, status = 200): Promise<void> {
    const m = consoleRecordsMessages[page.language];
    const lang = page.language;
    const backups = await page.fetch<BackupView[]>({ method: 'GET', path: '/admin/backups' });
    const refused = Object.keys(errors).length > 0;
    page.render(
      <Layout page={page} title={m.backupsTitle} section="console">
        <StatusMessage>{!refused && page.query('done') === 'started' ? m.backupStarted : undefined}</StatusMessage>
        <h1>{m.backupsTitle}</h1>
        <p>{m.backupsIntro}</p>
        <section aria-labelledby="take-heading">
          <h2 id="take-heading">{m.takeBackupTitle}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} />
          {refused && (
            <p class="field-error-message" id="take-error">
              {errors.take}
            </p>
          )}
          <PostForm action={PATH}>
            <button type="submit" id="take" aria-describedby={refused ? 'take-error' : undefined}>
              {m.takeBackupButton}
            </button>
          </PostForm>
        </section>
        <section aria-labelledby="catalogue-heading">
          <h2 id="catalogue-heading">{m.catalogue}</h2>
          <RecordTable
            rows={backups}
            empty={m.noBackups}
            rowKey={(backup) => backup.id}
            rowAttributes={(backup) => ({ 'data-backup-id': backup.id })}
            columns={[
              { header: m.takenAt, cell: (backup) => formatDateTime(lang, backup.takenAt) },
              {
                header: m.statusLabel,
                class: 'backup-status',
                cell: (backup) => (
                  <>
                    {backup.status === 'failed' ? <span class="badge warn">{m.status(backup.status)}</span> : m.status(backup.status)}
                    {backup.error && <p>{m.backupError(backup.error)}</p>}
                  </>
                ),
              },
              { header: m.finishedAt, cell: (backup) => formatDateTime(lang, backup.finishedAt) },
              { header: m.expiresAt, cell: (backup) => formatDateTime(lang, backup.expiresAt) },
              {
                header: m.databases,
                cell: (backup) =>
                  backup.databases.length === 0 ? (
                    '–'
                  ) : (
                    <ul class="plain-list">
                      {backup.databases.map((database) => (
                        <li key={database.name}>
                          <span class="database-name">{database.name}</span> · {formatBytes(lang, database.bytes)}
                          <br />
                          <span class="hash">SHA-256 {database.sha256}</span>
                        </li>
                      ))}
                    </ul>
                  ),
              },
            ]}
          />
        </section>
      </Layout>,
      refused ? status : 200,
    );
  }
}
