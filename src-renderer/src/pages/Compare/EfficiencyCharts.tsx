import { SimpleGrid, Text } from '@mantine/core';
import type { EfficiencyRecord, RunRecord } from '@shared/domain/records';
import { buildEfficiencyTable } from '@shared/report/efficiency-table';
import { useMemo } from 'react';
import { PlotlyChart } from '../../charts/PlotlyChart';

/** Trainable parameters, memory and time per epoch for each kind of model. */
export function EfficiencyCharts({
  runs,
  efficiency,
}: {
  runs: RunRecord[];
  efficiency: EfficiencyRecord[];
}) {
  const rows = useMemo(() => buildEfficiencyTable(runs, efficiency), [runs, efficiency]);
  const charts = useMemo(() => {
    const x = rows.map((r) => r.label);
    return {
      params: [{ type: 'bar', x, y: rows.map((r) => r.trainableParams), name: 'trainable' }],
      memory: [
        { type: 'bar', x, y: rows.map((r) => r.peakTensorBytes / 2 ** 20), name: 'peak tensors' },
        { type: 'bar', x, y: rows.map((r) => r.peakRssBytes / 2 ** 20), name: 'peak RSS' },
      ],
      time: [
        {
          type: 'bar',
          x,
          y: rows.map((r) => r.secondsPerEpoch),
          error_y: { type: 'data', array: rows.map((r) => r.secondsPerEpochStd), visible: true },
          name: 's/epoch',
        },
      ],
    };
  }, [rows]);
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Efficiency is recorded when runs finish.
      </Text>
    );
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <PlotlyChart
        title="Trainable parameters"
        data={charts.params}
        layout={{ yaxis: { type: 'log', title: { text: 'parameters' } }, showlegend: false }}
        height={260}
      />
      <PlotlyChart
        title="Peak memory (MiB)"
        data={charts.memory}
        layout={{ barmode: 'group', yaxis: { title: { text: 'MiB' } } }}
        height={260}
      />
      <PlotlyChart
        title="Seconds per epoch"
        data={charts.time}
        layout={{ yaxis: { title: { text: 's' } }, showlegend: false }}
        height={260}
      />
    </SimpleGrid>
  );
}
