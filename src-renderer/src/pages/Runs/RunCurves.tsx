import { SimpleGrid, Text } from '@mantine/core';
import type { EpochMetricsRecord } from '@shared/domain/records';
import { stepX } from '@shared/domain/step-metrics';
import { useMemo } from 'react';
import { useApiQuery } from '../../api/ApiProvider';
import { LiveLineChart, type LiveSeries } from '../../charts/LiveLineChart';
import { type PlotData, type PlotLayout, PlotlyChart } from '../../charts/PlotlyChart';
import type { LiveRunStore } from './live-run-store';
import { ema, useLiveRun } from './use-live-runs';

// A constant, so a re-render with unchanged epochs does not redraw the chart.
const EPOCH_LAYOUT: PlotLayout = {
  xaxis: { title: { text: 'epoch' }, dtick: 1 },
  yaxis: { title: { text: 'accuracy' }, range: [0, 1] },
  yaxis2: { title: { text: 'loss' }, overlaying: 'y', side: 'right', showgrid: false },
  margin: { l: 56, r: 56, t: 28, b: 44 },
};

/**
 * Step loss, raw and smoothed, drawn live on a canvas (it changes twice a second), and the
 * per-epoch train/validation curves in Plotly (they change once an epoch). The step curve is the
 * stored steps (all a finished run has) followed by those streamed since this page opened.
 */
export function RunCurves({
  epochs,
  live,
  runId,
}: {
  epochs: EpochMetricsRecord[];
  live: LiveRunStore;
  runId: number;
}) {
  const liveRun = useLiveRun(live, runId);
  const stored = useApiQuery('runs.steps', { id: runId }, { staleTime: Number.POSITIVE_INFINITY });
  const step = useMemo((): { x: number[]; series: LiveSeries[] } => {
    const streamed = liveRun?.points ?? [];
    const firstLive = streamed[0]?.x ?? Number.POSITIVE_INFINITY;
    const points = [
      ...(stored.data ?? [])
        .map((s) => ({ x: stepX(s), loss: s.loss }))
        .filter((p) => p.x < firstLive),
      ...streamed,
    ];
    const loss = points.map((p) => p.loss);
    return {
      x: points.map((p) => p.x),
      series: [
        { name: 'loss (raw)', y: loss, color: 'rgba(99,110,250,0.45)', width: 1 },
        { name: 'loss (EMA 0.2)', y: ema(loss), color: '#4c6ef5', width: 2 },
      ],
    };
  }, [liveRun, stored.data]);
  const epochData = useMemo((): PlotData[] => {
    const ep = epochs.map((e) => e.epoch);
    const line = (name: string, y: (number | null)[], loss: boolean): PlotData => ({
      type: 'scatter',
      mode: 'lines+markers',
      name,
      x: ep,
      y,
      ...(loss ? { yaxis: 'y2', line: { dash: 'dot' } } : {}),
    });
    // Multi-label runs: accuracy is the top-1 hit rate, and validation mAP is what selects.
    const multiLabel = epochs.some((e) => e.valMap != null);
    const acc = multiLabel ? 'top-1 hit' : 'acc';
    return [
      line(
        `train ${acc}`,
        epochs.map((e) => e.trainAccuracy),
        false,
      ),
      line(
        `val ${acc}`,
        epochs.map((e) => e.valAccuracy),
        false,
      ),
      ...(multiLabel
        ? [
            line(
              'val mAP',
              epochs.map((e) => e.valMap ?? null),
              false,
            ),
          ]
        : []),
      line(
        'train loss',
        epochs.map((e) => e.trainLoss),
        true,
      ),
      line(
        'val loss',
        epochs.map((e) => e.valLoss),
        true,
      ),
    ];
  }, [epochs]);
  if (step.x.length === 0 && epochs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Curves appear with the first training step.
      </Text>
    );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <LiveLineChart
        title="Training loss per step"
        x={step.x}
        series={step.series}
        xLabel="epoch"
        height={280}
        testId="chart-step-loss"
      />
      {epochs.length === 0 ? (
        <Text size="sm" c="dimmed" p="md">
          Train and validation curves per epoch appear when the first epoch ends.
        </Text>
      ) : (
        <PlotlyChart
          title="Per epoch"
          data={epochData}
          layout={EPOCH_LAYOUT}
          height={280}
          testId="chart-epochs"
        />
      )}
    </SimpleGrid>
  );
}
