import { SimpleGrid, Text } from '@mantine/core';
import type { EpochMetricsRecord } from '@shared/domain/records';
import { type PlotData, PlotlyChart } from '../../charts/PlotlyChart';
import { ema, type LiveRun } from './use-live-runs';

/** Step loss (raw and smoothed, live) and per-epoch train/validation curves. */
export function RunCurves({
  epochs,
  live,
}: {
  epochs: EpochMetricsRecord[];
  live: LiveRun | undefined;
}) {
  const points = live?.points ?? [];
  if (points.length === 0 && epochs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Curves appear with the first training step.
      </Text>
    );
  const x = points.map((p) => p.x);
  const loss = points.map((p) => p.loss);
  const stepData: PlotData[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'loss (raw)',
      x,
      y: loss,
      line: { width: 1, color: 'rgba(99,110,250,0.35)' },
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: 'loss (EMA 0.2)',
      x,
      y: ema(loss),
      line: { width: 2, color: '#636efa' },
    },
  ];
  const ep = epochs.map((e) => e.epoch);
  const epochData: PlotData[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'train acc',
      x: ep,
      y: epochs.map((e) => e.trainAccuracy),
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'val acc',
      x: ep,
      y: epochs.map((e) => e.valAccuracy),
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'train loss',
      x: ep,
      y: epochs.map((e) => e.trainLoss),
      yaxis: 'y2',
      line: { dash: 'dot' },
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'val loss',
      x: ep,
      y: epochs.map((e) => e.valLoss),
      yaxis: 'y2',
      line: { dash: 'dot' },
    },
  ];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <PlotlyChart
        title="Training loss per step"
        data={stepData}
        layout={{ xaxis: { title: { text: 'epoch' } }, yaxis: { title: { text: 'loss' } } }}
        height={280}
        testId="chart-step-loss"
      />
      <PlotlyChart
        title="Per epoch"
        data={epochData}
        layout={{
          xaxis: { title: { text: 'epoch' }, dtick: 1 },
          yaxis: { title: { text: 'accuracy' }, range: [0, 1] },
          yaxis2: { title: { text: 'loss' }, overlaying: 'y', side: 'right', showgrid: false },
          margin: { l: 56, r: 56, t: 28, b: 44 },
        }}
        height={280}
        testId="chart-epochs"
      />
    </SimpleGrid>
  );
}
