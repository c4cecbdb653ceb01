import fs from 'fs';
import os from 'os';

/** One measured figure, with its target when it has one. */
export interface FigureRow {
  measure: string;
  value: string;
  target?: string;
  /** Whether the target is met, or undefined for figures without a target. */
  met?: boolean;
}

export const BEGIN_MARKER = '<!-- bench:begin: written by npm run bench, edits here are overwritten -->';
export const END_MARKER = '<!-- bench:end -->';

export function describeMachine(): string[] {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map(cpu => cpu.model.trim()))].join(', ');
  return [
    `CPU: ${cpus.length} × ${models}`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `Node.js ${process.version} on ${os.type()} ${os.release()} (${os.arch()})`,
  ];
}

function metText(row: FigureRow): string {
  if (row.met === undefined) {
    return '';
  }
  return row.met ? 'met' : 'NOT met';
}

/** Formats the rows as a plain-text table for the terminal. */
export function formatTextTable(rows: FigureRow[]): string {
  const cells = [['MEASURE', 'VALUE', 'TARGET', ''], ...rows.map(row => [row.measure, row.value, row.target ?? '', metText(row)])];
  const widths = [0, 1, 2].map(index => Math.max(...cells.map(row => row[index].length)));
  return cells.map(row => row.map((cell, index) => (index < 3 ? cell.padEnd(widths[index]) : cell)).join('  ').trimEnd()).join('\n');
}

function formatMarkdownTable(rows: FigureRow[]): string {
  const lines = ['| measure | value | target | |', '|---|---|---|---|'];
  for (const row of rows) {
    lines.push(`| ${row.measure} | ${row.value} | ${row.target ?? ''} | ${metText(row)} |`);
  }
  return lines.join('\n');
}

/** Builds the generated part of docs/benchmarks.md, markers included. */
export function formatGeneratedSection(rows: FigureRow[], details: string[], command: string, runSeconds: number): string {
  return [
    BEGIN_MARKER,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\` (${runSeconds.toFixed(0)} s in all) on:`,
    '',
    ...describeMachine().map(line => `- ${line}`),
    '',
    formatMarkdownTable(rows),
    '',
    ...details,
    '',
    END_MARKER,
  ].join('\n');
}

/**
 * Replaces the generated part of `file` and keeps everything outside the markers. A missing
 * file, or one without the markers, gets the generated part at the top.
 */
export function rewriteBenchmarksFile(file: string, section: string): void {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const begin = current.indexOf(BEGIN_MARKER);
  const end = current.indexOf(END_MARKER);
  let next: string;
  if (begin >= 0 && end > begin) {
    next = current.slice(0, begin) + section + current.slice(end + END_MARKER.length);
  } else {
    const [title, ...rest] = current.split('\n');
    next = [title, '', section, '', ...rest].join('\n');
  }
  fs.writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}
