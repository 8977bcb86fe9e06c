// Records as a table, or, given a card, as one card per record on a phone and the table on wider
// screens (CSS shows one of the two: `narrow-only` / `wide-only`). Pages describe their columns
// once; the markup (scoped headers, numeric alignment, the scrolling wrapper) is the same everywhere.
import type { ComponentChildren } from 'preact';

export type Column<T> = {
  header: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** The cell names its row (`<th scope="row">`). */
  rowHeader?: boolean;
};

export function RecordTable<T>(props: {
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: readonly Column<T>[];
  /** On a phone, one card per row instead of the table. */
  card?: (row: T) => ComponentChildren;
  tableTestId?: string;
  cardsTestId?: string;
}) {
  const { rows, rowKey, columns, card } = props;
  const numeric = (column: Column<T>) => (column.numeric ? 'num' : undefined);
  const table = (
    <div class={card ? 'table-wrap wide-only' : 'table-wrap'}>
      <table data-testid={props.tableTestId}>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" class={numeric(column)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) =>
                column.rowHeader ? (
                  <th key={i} scope="row" class={numeric(column)}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={i} class={numeric(column)}>
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
  if (!card) return table;
  return (
    <>
      <ul class="record-cards narrow-only" data-testid={props.cardsTestId}>
        {rows.map((row) => (
          <li key={rowKey(row)} class="record-card">
            {card(row)}
          </li>
        ))}
      </ul>
      {table}
    </>
  );
}
