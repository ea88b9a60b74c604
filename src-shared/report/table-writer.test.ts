import { describe, expect, it } from 'vitest';
import { csvTable, latexEscape, latexTable, markdownTable } from './table-writer';

describe('csvTable', () => {
  it('quotes commas, quotes and line breaks doubling quotes (RFC 4180)', () => {
    const cells = ['FT + PL, concat', 'say "hi"', 'two\nlines', 'plain'];
    const csv = csvTable(['a', 'b', 'c', 'd'], [cells]);
    expect(csv).toBe('a,b,c,d\n"FT + PL, concat","say ""hi""","two\nlines",plain\n');
  });

  it('writes a header alone when there are no rows', () => {
    expect(csvTable(['case', 'mean'], [])).toBe('case,mean\n');
  });
});

describe('markdownTable', () => {
  it('keeps a cell with a pipe or a line break one cell', () => {
    expect(markdownTable(['Model', 'Note'], [['a|b', 'x\ny']])).toBe(
      '| Model | Note |\n|---|---|\n| a\\|b | x y |',
    );
  });
});

describe('latex', () => {
  it('escapes plain text in one pass, η as math', () => {
    expect(latexEscape('50% of a_b & {c} at η ~ 1\\2^3 #$')).toBe(
      '50\\% of a\\_b \\& \\{c\\} at $\\eta$ \\textasciitilde{} 1\\textbackslash{}2\\textasciicircum{}3 \\#\\$',
    );
  });

  it('writes a booktabs tabular with its notes as comments', () => {
    expect(latexTable('lc', ['Case', 'FT'], [['Complete', '0.9']], ['a note'])).toBe(
      [
        '% Requires \\usepackage{booktabs}.',
        '% a note',
        '\\begin{tabular}{lc}',
        '\\toprule',
        'Case & FT \\\\',
        '\\midrule',
        'Complete & 0.9 \\\\',
        '\\bottomrule',
        '\\end{tabular}',
      ].join('\n'),
    );
  });
});
