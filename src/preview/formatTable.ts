/**
 * Lays out rows as a plain-text table: a header row, then one line per row, columns separated by
 * two spaces and padded to the widest cell. The last column is not padded, so lines carry no
 * trailing spaces. Line breaks and tabs in cells become spaces, so one row stays one line.
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map(row => headers.map((_, index) => flatten(row[index] ?? '')));
  const widths = headers.map((_, index) => Math.max(...cells.map(row => row[index].length)));
  return cells
    .map(row =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function flatten(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}
