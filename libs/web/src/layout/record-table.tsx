import type { ComponentChildren } from 'preact';

/** One column of a RecordTable: its header, and what each row shows under it. */
export interface Column<T> {
  header: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  /** The cell that names its row (`<th scope="row">`): screen readers say it with each other cell. */
  rowHeader?: boolean;
  /** The cell's class, e.g. `hash` for an id or digest (monospace, broken anywhere). */
  class?: string;
  /** The cell's id, for a button or link in the row that it describes (aria-describedby). */
  id?: (row: T) => string;
}

/** What a row carries for the stylesheet and the browser tests: a class and `data-…` attributes. */
export type RowAttributes = { class?: string } & { [name: `data-${string}`]: string | undefined };

interface RecordTableProps<T> {
  rows: readonly T[];
  columns: ReadonlyArray<Column<T>>;
  /** Preact's key for a row: its id, or its place for a list of records without one. */
  rowKey: (row: T, index: number) => string | number;
  rowAttributes?: (row: T) => RowAttributes;
  /** Said instead of an empty table; without it the table is drawn even with no rows. */
  empty?: ComponentChildren;
  caption?: ComponentChildren;
  /** The table's class: `records` (the console's lists) unless a page names its own. */
  class?: string;
}

/**
 * Every list page's table: a header row of column headers, one row per record, wrapped so a wide
 * table scrolls on its own instead of widening the page (reflow at 320 px).
 */
export function RecordTable<T>({ rows, columns, rowKey, rowAttributes, empty, caption, class: className = 'records' }: RecordTableProps<T>) {
  if (rows.length === 0 && empty !== undefined) return <p class="empty-list">{empty}</p>;
  return (
    <div class="table-wrap">
      <table class={className}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th scope="col" key={index}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowKey(row, rowIndex)} {...rowAttributes?.(row)}>
              {columns.map((column, index) =>
                column.rowHeader ? (
                  <th scope="row" key={index} class={column.class} id={column.id?.(row)}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={index} class={column.class} id={column.id?.(row)}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The link to a list's next page (the API's cursor in it), or nothing on the last page. */
export function NextPageLink({ href, label }: { href?: string; label: ComponentChildren }) {
  if (!href) return null;
  return (
    <p>
      <a href={href} rel="next">
        {label}
      </a>
    </p>
  );
}
