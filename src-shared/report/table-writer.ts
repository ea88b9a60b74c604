import { stringify } from 'csv-stringify/browser/esm/sync';

/**
 * The one writer of report tables as CSV, Markdown and LaTeX. Each report (results, efficiency,
 * modality reliance) decides its columns and cell texts; how a table is spelled in each format,
 * and what must be quoted or escaped there, lives here only.
 */

type Rows = readonly (readonly string[])[];

/** RFC 4180 by csv-stringify: a cell with a comma, quote or line break is quoted, quotes doubled. */
export function csvTable(header: readonly string[], rows: Rows): string {
  return stringify([header, ...rows], { record_delimiter: 'unix' });
}

/** A '|' in a cell would end it early; a line break would end the row. */
const markdownCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Markdown table lines (header, rule, rows), without a trailing newline. */
export function markdownTable(header: readonly string[], rows: Rows): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  η: '$\\eta$',
};

/** Plain text made safe inside a LaTeX cell (η becomes math). One pass, so no escape is escaped. */
export function latexEscape(s: string): string {
  return s.replace(/[\\~^η&%$#_{}]/g, (c) => LATEX_SPECIALS[c] ?? `\\${c}`);
}

/**
 * A booktabs tabular with its preamble comments. Header and body cells are LaTeX already (a
 * report escapes its plain text with latexEscape and adds its own markup), so nothing is escaped
 * here.
 */
export function latexTable(
  columnSpec: string,
  header: readonly string[],
  rows: Rows,
  notes: readonly string[] = [],
): string {
  return [
    '% Requires \\usepackage{booktabs}.',
    ...notes.map((n) => `% ${n}`),
    `\\begin{tabular}{${columnSpec}}`,
    '\\toprule',
    `${header.join(' & ')} \\\\`,
    '\\midrule',
    ...rows.map((cells) => `${cells.join(' & ')} \\\\`),
    '\\bottomrule',
    '\\end{tabular}',
  ].join('\n');
}
