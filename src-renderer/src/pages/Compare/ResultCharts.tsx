import { SegmentedControl, Select, Text } from '@mantine/core';
import type { Case } from '@shared/domain/cases';
import { CASE_LABELS } from '@shared/domain/cases';
import type { ResultsTable } from '@shared/report/results-table';
import { useMemo, useState } from 'react';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { groupedBarTraces } from './chart-data';
import { casesWithRateCurves, missingRateFigure } from './eta-facets';
import { chanceLine, type YAxisMode, yRange } from './y-range';

/**
 * The results as charts a paper can use: bars per case and method, and the metric against η
 * faceted per case (or one case). Both y-axes are fitted to the data by default, with the chance
 * line (or a note that chance lies below the axis); "From 0" shows the whole scale.
 */
export function ResultCharts({
  table,
  metricLabel,
  numClasses,
}: {
  table: ResultsTable;
  metricLabel: string;
  /** For the chance line; undefined when the metric is not an accuracy. */
  numClasses: number | undefined;
}) {
  const [yMode, setYMode] = useState<YAxisMode>('fitted');
  const [etaCase, setEtaCase] = useState<Case | 'all'>('all');
  const bars = useMemo(() => groupedBarTraces(table), [table]);
  const barLayout = useMemo(() => {
    const range = yRange(yMode, bars);
    return {
      barmode: 'group',
      yaxis: { title: { text: metricLabel }, range },
      ...(numClasses ? chanceLine(numClasses, range) : {}),
    };
  }, [bars, yMode, metricLabel, numClasses]);
  const rateCases = useMemo(() => casesWithRateCurves(table), [table]);
  const eta = useMemo(
    () =>
      missingRateFigure(table, {
        cases: etaCase === 'all' ? undefined : [etaCase],
        yMode,
        numClasses,
        metricLabel,
      }),
    [table, etaCase, yMode, numClasses, metricLabel],
  );
  const yControl = (
    <SegmentedControl
      size="xs"
      aria-label="Y axis"
      value={yMode}
      onChange={(v) => setYMode(v as YAxisMode)}
      data={[
        { value: 'fitted', label: 'Fitted' },
        { value: 'zero', label: 'From 0' },
      ]}
      data-testid="y-axis-mode"
    />
  );

  return (
    <>
      <PlotlyChart
        title={`${metricLabel} per case`}
        data={bars}
        layout={barLayout}
        testId="chart-grouped-bars"
        description={`Grouped bar chart of ${metricLabel} per case and method, error bars are std over seeds, y-axis ${yMode === 'fitted' ? `from ${barLayout.yaxis.range[0]} to ${barLayout.yaxis.range[1]}` : 'from 0 to 1'}`}
        controls={yControl}
      />
      {eta ? (
        <PlotlyChart
          title={`${metricLabel} against missing rate η`}
          data={eta.data}
          layout={eta.layout}
          height={Math.max(300, 260 * eta.rows)}
          testId="chart-missing-rate"
          description={`${metricLabel} against η, one panel per case, one line per method`}
          controls={
            <Select
              size="xs"
              aria-label="Cases of the η chart"
              value={etaCase}
              onChange={(v) => v && setEtaCase(v as Case | 'all')}
              allowDeselect={false}
              data={[
                { value: 'all', label: 'Every case (one panel each)' },
                ...rateCases.map((c) => ({ value: c, label: CASE_LABELS[c] })),
              ]}
              w={220}
              data-testid="eta-case"
            />
          }
        />
      ) : (
        <Text size="sm" c="dimmed">
          One missing rate only: list several η in the wizard (e.g. 1, 0.7, 0.5) to see{' '}
          {metricLabel} against η.
        </Text>
      )}
    </>
  );
}
