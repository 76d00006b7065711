import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { NextPageLink, RecordTable, type Column } from './record-table';

interface Hold {
  id: string;
  account: string;
  reason: string;
}

const columns: Array<Column<Hold>> = [
  { header: 'Account', rowHeader: true, class: 'hash', id: (hold) => `hold-${hold.id}`, cell: (hold) => hold.account },
  { header: 'Reason', cell: (hold) => h('em', null, hold.reason) },
];

const table = (rows: Hold[], props: { empty?: string; caption?: string; class?: string } = {}) =>
  renderToString(h(RecordTable<Hold>, { rows, columns, rowKey: (hold) => hold.id, rowAttributes: (hold) => ({ 'data-hold-id': hold.id, class: hold.id === '2' ? 'current' : undefined }), ...props }));

describe('a list page table', () => {
  it('says its empty message instead of an empty table, and draws the table when it has none', () => {
    expect(table([], { empty: 'No holds.' })).toBe('<p class="empty-list">No holds.</p>');
    expect(table([])).toBe(
      '<div class="table-wrap"><table class="records"><thead><tr><th scope="col">Account</th><th scope="col">Reason</th></tr></thead><tbody></tbody></table></div>',
    );
  });

  it('names each row by its row-header cell and carries the row attributes', () => {
    expect(table([{ id: '1', account: 'a-1', reason: 'Court' }, { id: '2', account: 'a-2', reason: 'Tax & <audit>' }], { empty: 'No holds.' })).toBe(
      '<div class="table-wrap"><table class="records"><thead><tr><th scope="col">Account</th><th scope="col">Reason</th></tr></thead><tbody>' +
        '<tr data-hold-id="1"><th scope="row" class="hash" id="hold-1">a-1</th><td><em>Court</em></td></tr>' +
        '<tr data-hold-id="2" class="current"><th scope="row" class="hash" id="hold-2">a-2</th><td><em>Tax &amp; &lt;audit></em></td></tr>' +
        '</tbody></table></div>',
    );
  });

  it('takes a caption and its own class', () => {
    expect(table([{ id: '1', account: 'a-1', reason: 'Court' }], { caption: 'Holds', class: 'exports' })).toMatch(/^<div class="table-wrap"><table class="exports"><caption>Holds<\/caption><thead>/u);
  });
});

describe('the next page link', () => {
  it('links the next page as rel=next, and is nothing on the last page', () => {
    expect(renderToString(h(NextPageLink, { href: '/admin/audit?cursor=abc', label: 'Older entries' }))).toBe('<p><a href="/admin/audit?cursor=abc" rel="next">Older entries</a></p>');
    expect(renderToString(h(NextPageLink, { href: undefined, label: 'Older entries' }))).toBe('');
  });
});
