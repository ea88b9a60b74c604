import { Button, Group, SegmentedControl, Select, Skeleton } from '@mantine/core';
import {
  METRIC_LABELS,
  primaryMetric,
  type ResultMetric,
  TASK_METRICS,
} from '@shared/report/task-metric';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useApiEvents, useApiQuery } from '../../api/ApiProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { ExperimentResults } from './ExperimentResults';

export function ComparePage() {
  const fromUrl = new URLSearchParams(useSearch()).get('id');
  const experiments = useApiQuery('experiments.list', {});
  // A choice in the select wins; else the URL's (`#/compare?id=3`, links from other pages).
  const [chosen, setChosen] = useState<number | null>(null);
  const [metric, setMetric] = useState<ResultMetric>('accuracy');
  const datasets = useApiQuery('datasets.list', {});
  const queryClient = useQueryClient();
  useApiEvents((event) => {
    // New results land when runs finish; the cached experiment detail is then stale.
    if (event.type === 'run.status' && event.status === 'done')
      for (const key of ['experiments.get', 'experiments.breakdown'])
        void queryClient.invalidateQueries({ queryKey: [key] });
  });
  const list = experiments.data ?? [];
  // The list is newest first: open the latest experiment.
  const id = chosen ?? (Number(fromUrl) || null) ?? list[0]?.id ?? null;
  // The metrics that fit the experiment's task: accuracy / macro-F1, or mAP / ROC-AUC.
  const datasetId = list.find((e) => e.id === id)?.datasetId;
  const task = datasets.data?.find((d) => d.id === datasetId)?.task ?? 'single-label';
  const metrics = TASK_METRICS[task];
  const shownMetric = metrics.includes(metric) ? metric : primaryMetric(task);

  return (
    <>
      <PageHeader
        title="Compare"
        subtitle="FT against PL, LoRA and Adapter, per case, mean ± std over seeds."
        actions={
          list.length > 0 && (
            <Group>
              <SegmentedControl
                aria-label="Metric"
                value={shownMetric}
                onChange={(v) => setMetric(v as ResultMetric)}
                data={metrics.map((m) => ({ value: m, label: capitalised(METRIC_LABELS[m]) }))}
              />
              <Select
                aria-label="Experiment"
                data={list.map((e) => ({ value: String(e.id), label: `#${e.id} ${e.name}` }))}
                value={id ? String(id) : null}
                onChange={(v) => v && setChosen(Number(v))}
                allowDeselect={false}
                w={300}
                data-testid="compare-experiment"
              />
            </Group>
          )
        }
      />
      {experiments.isPending && <Skeleton h={240} />}
      {experiments.isSuccess && list.length === 0 && (
        <EmptyState
          title="Nothing to compare yet"
          action={
            <Button component={Link} href="/experiments/new">
              New experiment
            </Button>
          }
        >
          Finished runs of an experiment appear here as a results table and charts. Configure one in
          the wizard and start it.
        </EmptyState>
      )}
      {id !== null && <ExperimentResults key={id} id={id} metric={shownMetric} />}
    </>
  );
}

/** "accuracy" → "Accuracy"; "mAP" stays "mAP". */
function capitalised(label: string): string {
  return label[0] === label[0]!.toLowerCase() && label[1] !== label[1]?.toUpperCase()
    ? label[0]!.toUpperCase() + label.slice(1)
    : label;
}
