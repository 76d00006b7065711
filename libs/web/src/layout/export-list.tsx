import type { Language } from '@sargs/contracts';
import { formatDateTime } from '../i18n/locale-format';
import { PostForm } from './form-controls';
import { RecordTable } from './record-table';

/** One copy as GET /me/exports and GET /orgs/:id/exports list it. */
export interface ExportEntry {
  id: string;
  status: 'pending' | 'ready' | 'failed';
  requestedAt: string;
  readyAt?: string | null;
  expiresAt?: string | null;
}

/** The texts both export pages give the list (a person's copy, an organisation's copy). */
export interface ExportListMessages {
  requestHeading: string;
  requestHint: string;
  requestButton: string;
  listHeading: string;
  caption: string;
  none: string;
  requestedAt: string;
  status: string;
  readyAt: string;
  expiresAt: string;
  download: string;
  downloadLink: string;
  reload: string;
  pending: string;
  ready: string;
  failed: string;
}

/**
 * The request form and the list of copies with their download links: the one shape of an export
 * page. `base` is the page's own path; the form posts to it, a copy downloads at `<base>/<id>/download`.
 */
export function ExportList({ language, base, exports, m }: { language: Language; base: string; exports: readonly ExportEntry[]; m: ExportListMessages }) {
  return (
    <>
      <section aria-labelledby="request-heading">
        <h2 id="request-heading">{m.requestHeading}</h2>
        <p class="hint">{m.requestHint}</p>
        <PostForm action={base}>
          <button type="submit">{m.requestButton}</button>
        </PostForm>
      </section>
      <section aria-labelledby="exports-heading">
        <h2 id="exports-heading">{m.listHeading}</h2>
        <RecordTable
          class="exports"
          caption={m.caption}
          rows={exports}
          empty={m.none}
          rowKey={(entry) => entry.id}
          rowAttributes={(entry) => ({ 'data-export-id': entry.id, 'data-status': entry.status })}
          columns={[
            { header: m.requestedAt, rowHeader: true, id: (entry) => `export-${entry.id}`, cell: (entry) => formatDateTime(language, entry.requestedAt) },
            { header: m.status, cell: (entry) => <span class={entry.status === 'failed' ? 'badge warn' : 'badge'}>{m[entry.status]}</span> },
            { header: m.readyAt, cell: (entry) => formatDateTime(language, entry.readyAt) },
            { header: m.expiresAt, cell: (entry) => formatDateTime(language, entry.expiresAt) },
            {
              header: m.download,
              cell: (entry) => (
                <>
                  {entry.status === 'ready' && (
                    <a href={`${base}/${entry.id}/download`} class="download" aria-describedby={`export-${entry.id}`}>
                      {m.downloadLink}
                    </a>
                  )}
                  {entry.status === 'pending' && <a href={base}>{m.reload}</a>}
                </>
              ),
            },
          ]}
        />
      </section>
    </>
  );
}
