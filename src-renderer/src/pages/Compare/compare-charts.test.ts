import { buildResultsTable } from '@shared/report/results-table';
import { fakeEvaluation, fakeRun } from '@shared/report/testing';
import { describe, expect, it } from 'vitest';
import { groupedBarTraces } from './chart-data';
import { casesWithRateCurves, missingRateFigure } from './eta-facets';
import { chanceLine, fittedRange } from './y-range';

const backbone = fakeRun(1, 'backbone', 'ft', 'complete', 0);
const at = (c: Parameters<typeof fakeEvaluation>[1], accuracy: number, missingRate: number) => ({
  ...fakeEvaluation(1, c, accuracy),
  missingRate,
});

describe('fitted y-axis', () => {
  it('spans the values ± their error bars with padding, so 0.01 differences show', () => {
    const bars = [
      { y: [0.91, 0.92], error_y: { array: [0.005, 0.005] } },
      { y: [0.93, null], error_y: { array: [0.01, 0] } },
    ];
    // 0.905 .. 0.94, padded by max(15 % of 0.035, 0.02) = 0.02 → floored/ceiled to 0.01.
    expect(fittedRange(bars)).toEqual([0.88, 0.96]);
  });

  it('stays inside [0, 1], and is [0, 1] with nothing to fit', () => {
    expect(fittedRange([{ y: [0.99, 0.01] }])).toEqual([0, 1]);
    expect(fittedRange([])).toEqual([0, 1]);
  });
});

describe('chance line', () => {
  it('sits at 1 / number of classes and says so', () => {
    const { shapes, annotations } = chanceLine(10);
    expect(shapes).toEqual([
      expect.objectContaining({ y0: 0.1, y1: 0.1, yref: 'y', x0: 0, x1: 1 }),
    ]);
    expect(annotations).toEqual([expect.objectContaining({ text: 'chance (1/10 = 0.100)' })]);
  });

  it('says chance is below a fitted axis instead of drawing it off the plot', () => {
    const { shapes, annotations } = chanceLine(10, [0.85, 0.97], '3');
    expect(shapes).toEqual([]);
    expect(annotations).toEqual([
      expect.objectContaining({
        text: 'chance (1/10 = 0.100) below the axis',
        xref: 'x3 domain',
        yref: 'y3 domain',
        y: 0,
      }),
    ]);
  });
});

describe('metric against η', () => {
  // Two cases × two rates, evaluated by the backbone: one curve per case.
  const sweep = buildResultsTable(
    [backbone],
    [
      at('noisy_audio', 0.5, 1),
      at('noisy_audio', 0.8, 0.5),
      at('missing_visual', 0.6, 1),
      at('missing_visual', 0.9, 0.5),
      at('complete', 0.95, 0),
    ],
  );

  it('draws nothing with one missing rate per case', () => {
    const one = buildResultsTable([backbone], [fakeEvaluation(1, 'noisy_audio', 0.5)]);
    expect(casesWithRateCurves(one)).toEqual([]);
    expect(missingRateFigure(one, { yMode: 'fitted', metricLabel: 'accuracy' })).toBeNull();
  });

  it('has one panel per case and lists each method once in the legend', () => {
    const figure = missingRateFigure(sweep, {
      yMode: 'fitted',
      numClasses: 10,
      metricLabel: 'accuracy',
    })!;
    expect(figure.data.map((t) => [t.xaxis, t.x, t.y])).toEqual([
      ['x', [0.5, 1], [0.8, 0.5]],
      ['x2', [0.5, 1], [0.9, 0.6]],
    ]);
    expect(figure.data.map((t) => t.showlegend)).toEqual([true, false]);
    expect(figure.data[0]!.marker).toEqual(figure.data[1]!.marker);
    const titles = (figure.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(titles).toEqual(expect.arrayContaining(['<b>Noisy audio</b>', '<b>Missing visual</b>']));
    // Side by side in one row: both panels have their η title.
    expect([figure.layout.xaxis, figure.layout.xaxis2]).toEqual([
      expect.objectContaining({ title: { text: 'η' } }),
      expect.objectContaining({ title: { text: 'η' } }),
    ]);
    // One y-range for both panels, fitted: 0.5 .. 0.9 padded by 0.06.
    expect(figure.layout.yaxis).toMatchObject({ range: [0.44, 0.96] });
    expect((figure.layout.yaxis2 as { range: unknown }).range).toEqual([0.44, 0.96]);
  });

  it('shows only the case asked for, from 0 when asked', () => {
    const figure = missingRateFigure(sweep, {
      cases: ['missing_visual'],
      yMode: 'zero',
      metricLabel: 'accuracy',
    })!;
    expect(figure.data).toHaveLength(1);
    expect(figure.data[0]!.y).toEqual([0.9, 0.6]);
    expect(figure.layout.yaxis).toMatchObject({ range: [0, 1] });
    expect(figure.layout.xaxis2).toBeUndefined();
  });
});

describe('grouped bars', () => {
  it('have one trace per model column with std error bars', () => {
    const table = buildResultsTable([backbone], [fakeEvaluation(1, 'noisy_audio', 0.5)]);
    const bars = groupedBarTraces(table);
    expect(bars.map((b) => b.name)).toEqual(table.columns.map((c) => c.label));
    expect(bars[0]!.y).toEqual([0.5]);
  });
});
