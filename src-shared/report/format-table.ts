import { type ResultCell, type ResultsTable, rowLabel } from './results-table';

export const EXPORT_FORMATS = ['csv', 'md', 'latex', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '');

/** Values as stored (accuracy in 0..1), mean ± std over seeds, best of each row marked. */
export function formatResultsTable(table: ResultsTable, format: ExportFormat, digits = 3): string {
  switch (format) {
    case 'csv':
      return toCsv(table, digits);
    case 'md':
      return toMarkdown(table, digits);
    case 'latex':
      return toLatex(table, digits);
    case 'json':
      return `${JSON.stringify(table, null, 2)}\n`;
  }
}

function toCsv(table: ResultsTable, digits: number): string {
  const header = ['case', 'missing_rate'];
  for (const c of table.columns)
    header.push(`${c.key}_mean`, `${c.key}_std`, `${c.key}_n`, `${c.key}_delta_to_ft`);
  const lines = [header.join(',')];
  for (const row of table.rows) {
    const cells: string[] = [row.case, String(row.missingRate)];
    for (const c of table.columns) {
      const cell = row.cells[c.key];
      cells.push(
        cell ? fixed(cell.mean, digits) : '',
        cell ? fixed(cell.std, digits) : '',
        cell ? String(cell.values.length) : '',
        cell?.deltaToFt != null ? fixed(cell.deltaToFt, digits) : '',
      );
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function plainCell(cell: ResultCell | null, digits: number): string {
  if (!cell) return '—';
  const delta =
    cell.deltaToFt == null
      ? ''
      : ` (${cell.deltaToFt >= 0 ? '+' : '−'}${fixed(Math.abs(cell.deltaToFt), digits)})`;
  return `${fixed(cell.mean, digits)} ± ${fixed(cell.std, digits)}${delta}`;
}

function toMarkdown(table: ResultsTable, digits: number): string {
  const header = `| Case | ${table.columns.map((c) => c.label).join(' | ')} |`;
  const rule = `|---|${table.columns.map(() => '---').join('|')}|`;
  const rows = table.rows.map((row) => {
    const cells = table.columns.map((c) => {
      const cell = row.cells[c.key] ?? null;
      const text = plainCell(cell, digits);
      return cell?.best ? `**${text}**` : text;
    });
    return `| ${rowLabel(row, table)} | ${cells.join(' | ')} |`;
  });
  return `${[header, rule, ...rows].join('\n')}\n`;
}

const latexEscape = (s: string) => s.replace(/([&%$#_{}])/g, '\\$1').replace(/η/g, '$\\eta$');

function toLatex(table: ResultsTable, digits: number): string {
  const lines = [
    '% Requires \\usepackage{booktabs}. Mean ± std over seeds; best of each row in bold.',
    `\\begin{tabular}{l${'c'.repeat(table.columns.length)}}`,
    '\\toprule',
    `Case & ${table.columns.map((c) => latexEscape(c.label)).join(' & ')} \\\\`,
    '\\midrule',
  ];
  for (const row of table.rows) {
    const cells = table.columns.map((c) => {
      const cell = row.cells[c.key];
      if (!cell) return '--';
      const text = `${fixed(cell.mean, digits)} $\\pm$ ${fixed(cell.std, digits)}`;
      return cell.best ? `\\textbf{${text}}` : text;
    });
    lines.push(`${latexEscape(rowLabel(row, table))} & ${cells.join(' & ')} \\\\`);
  }
  lines.push('\\bottomrule', '\\end{tabular}');
  return `${lines.join('\n')}\n`;
}
