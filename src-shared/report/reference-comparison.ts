import { CASE_LABELS, type Case } from '../domain/cases';
import type { PairedDifference } from './paired-test';
import {
  BACKBONE_COLUMN,
  BASELINE_LABELS,
  type PairedBaseline,
  pairBySeed,
  type ResultCell,
  type ResultsTable,
} from './results-table';

/** "Prompt the Missing", UrbanSound8K-AV, accuracy (the table in DESIGN.md). */
export const REFERENCE_TABLE: readonly { case: Case; ft: number; pl: number }[] = [
  { case: 'complete', ft: 0.99, pl: 0.99 },
  { case: 'noisy_audio', ft: 0.69, pl: 0.79 },
  { case: 'noisy_visual', ft: 0.83, pl: 0.86 },
  { case: 'noisy_both', ft: 0.71, pl: 0.8 },
];

export const SIGNIFICANCE_LEVEL = 0.05;

export interface ReferenceComparisonRow {
  case: Case;
  referenceFt: number;
  referencePl: number;
  /** Our row at this missing rate (η = 1 when present, else the largest); null without one. */
  missingRate: number | null;
  baseline: PairedBaseline | null;
  ourFt: number | null;
  ourPl: number | null;
  /** Paired PL − baseline over seeds. */
  diff: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pT: number | null;
  n: number;
  /** Null when either side has no direction (the reference's complete case: 0.99 vs 0.99). */
  sameSign: boolean | null;
  significant: boolean | null;
}

/**
 * Mechanical comparison with the reference's FT vs FT + PL table: per case, whether our paired
 * PL − FT difference points the same way as theirs, and whether ours is significant (paired
 * t-test, p < 0.05). Situation-specific PL, as in their table. A case whose row is measured
 * against FT on case gets a second row against the FT backbone: the reference's FT column is a
 * model fine-tuned without the degradation, which is what our backbone is, while FT on case is
 * the stronger baseline our protocol adds.
 */
export function compareWithReference(table: ResultsTable): ReferenceComparisonRow[] {
  return REFERENCE_TABLE.flatMap((ref) => {
    const rows = table.rows.filter((r) => r.case === ref.case);
    const row = rows.find((r) => r.missingRate === 1) ?? rows.at(-1) ?? null;
    const pl = row?.cells.pl ?? null;
    const backbone = row?.cells[BACKBONE_COLUMN] ?? null;
    const against = (
      baseline: PairedBaseline | null,
      baselineCell: ResultCell | null,
      p: PairedDifference | null,
    ): ReferenceComparisonRow => {
      const refSign = Math.sign(Number((ref.pl - ref.ft).toFixed(6)));
      const ourSign = p ? Math.sign(Number(p.mean.toFixed(6))) : 0;
      return {
        case: ref.case,
        referenceFt: ref.ft,
        referencePl: ref.pl,
        missingRate: row?.missingRate ?? null,
        baseline,
        ourFt: baselineCell?.mean ?? null,
        ourPl: pl?.mean ?? null,
        diff: p?.mean ?? null,
        ciLow: p?.ciLow ?? null,
        ciHigh: p?.ciHigh ?? null,
        pT: p?.pT ?? null,
        n: p?.n ?? 0,
        sameSign: p && refSign !== 0 && ourSign !== 0 ? refSign === ourSign : null,
        significant: p?.pT == null ? null : p.pT < SIGNIFICANCE_LEVEL,
      };
    };
    if (row?.baseline !== 'ft_on_case')
      return [against(row?.baseline ?? null, backbone, pl?.paired ?? null)];
    const onCase = against('ft_on_case', row.cells.ft ?? null, pl?.paired ?? null);
    const vsBackbone = pl && backbone ? pairBySeed(pl, backbone) : null;
    return vsBackbone ? [onCase, against('ft_backbone', backbone, vsBackbone)] : [onCase];
  });
}

const num = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));
const signedNum = (x: number | null, digits: number) =>
  x === null ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
const yesNo = (x: boolean | null, none: string) => (x === null ? none : x ? 'yes' : 'no');

export function formatReferenceComparison(
  rows: readonly ReferenceComparisonRow[],
  digits = 3,
): string {
  const lines = [
    '| Case | Reference FT | Reference FT + PL | Reference PL − FT | Our baseline | Our FT | Our FT + PL | Our PL − FT (95 % CI) | n | p (paired t) | Same sign | Significant (p < 0.05) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows
      .map((r) =>
        [
          CASE_LABELS[r.case] +
            (r.missingRate !== null && r.missingRate !== 1 ? ` (η = ${r.missingRate})` : ''),
          r.referenceFt.toFixed(2),
          r.referencePl.toFixed(2),
          signedNum(Number((r.referencePl - r.referenceFt).toFixed(6)), 2),
          r.baseline ? BASELINE_LABELS[r.baseline] : '—',
          num(r.ourFt, digits),
          num(r.ourPl, digits),
          r.diff === null
            ? '—'
            : `${signedNum(r.diff, digits)}${r.ciLow !== null ? ` [${num(r.ciLow, digits)}, ${num(r.ciHigh, digits)}]` : ''}`,
          String(r.n),
          r.pT === null ? '—' : r.pT.toPrecision(3),
          yesNo(r.sameSign, r.diff === null ? '—' : 'n/a (no direction)'),
          yesNo(r.significant, r.diff === null ? '—' : 'n/a (n < 2)'),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ];
  return `${lines.join('\n')}\n`;
}
