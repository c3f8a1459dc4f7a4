/** Aligned plain-text columns for the terminal, computed in two passes so rows are never stored. */

/** One column: a header, an alignment, and the cell text of row i (already escaped). */
export interface TextColumn {
  header: string;
  align: 'left' | 'right';
  cell: (row: number) => string;
}

/**
 * The lines (header first) of a table whose columns are padded to their widest cell and
 * separated by two spaces, one at a time so the caller can wait for a slow reader between them.
 * The last column is not padded, so a long pathname does not widen the others.
 */
export function* textTableLines(columns: readonly TextColumn[], rowCount: number): Generator<string> {
  const widths = columns.map((c) => c.header.length);
  const last = columns.length - 1;
  for (let i = 0; i < rowCount; i++) {
    for (let c = 0; c < last; c++) widths[c] = Math.max(widths[c], columns[c].cell(i).length);
  }
  const line = (cells: (c: number) => string): string => {
    let text = '';
    for (let c = 0; c <= last; c++) {
      const cell = cells(c);
      if (c === last && columns[c].align === 'left') {
        // Not trimmed: trailing spaces can be part of a pathname.
        if (cell.length > 0) text += (c === 0 ? '' : '  ') + cell;
      } else {
        const padded = columns[c].align === 'left' ? cell.padEnd(widths[c]) : cell.padStart(widths[c]);
        text += c === 0 ? padded : '  ' + padded;
      }
    }
    return text;
  };
  yield line((c) => columns[c].header);
  for (let i = 0; i < rowCount; i++) yield line((c) => columns[c].cell(i));
}
