import { Alert, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { buildPerClassAp } from '@shared/report/per-class-ap';
import { buildResultsTable } from '@shared/report/results-table';
import {
  METRIC_LABELS,
  primaryMetric,
  type ResultMetric,
  TASK_METRICS,
  taskOfEvaluations,
} from '@shared/report/task-metric';
import { useMemo } from 'react';
import { Link } from 'wouter';
import { useApiQuery } from '../../api/ApiProvider';
import { Section } from '../../components/Section';
import { ConfusionPanel } from './ConfusionPanel';
import { EfficiencyCharts } from './EfficiencyCharts';
import { ExportMenu } from './ExportMenu';
import { PerClassApPanel } from './PerClassApPanel';
import { PerClassPanel } from './PerClassPanel';
import { ReliancePanel } from './ReliancePanel';
import { ResultCharts } from './ResultCharts';
import { ResultsTableView } from './ResultsTableView';

/**
 * One experiment's results. `metric` is the one chosen on the page; one that does not fit the
 * experiment's task (accuracy of a multi-label experiment) gives way to the task's primary one.
 */
export function ExperimentResults({ id, metric: chosen }: { id: number; metric: ResultMetric }) {
  const detail = useApiQuery('experiments.get', { id });
  const datasets = useApiQuery('datasets.list', {});
  const breakdown = useApiQuery('experiments.breakdown', { id });
  const data = detail.data;
  const dataset = datasets.data?.find((d) => d.id === data?.experiment.datasetId);
  // The evaluations say what the task was; before any, the dataset does.
  const task = data?.evaluations.length
    ? taskOfEvaluations(data.evaluations)
    : (dataset?.task ?? 'single-label');
  const metric = TASK_METRICS[task].includes(chosen) ? chosen : primaryMetric(task);
  const multiLabel = task === 'multi-label';
  const table = useMemo(
    () => (data ? buildResultsTable(data.runs, data.evaluations, metric) : null),
    [data, metric],
  );
  const perClassAp = useMemo(
    () => (data && multiLabel ? buildPerClassAp(data.runs, data.evaluations) : []),
    [data, multiLabel],
  );
  if (detail.isPending) return <Skeleton h={320} />;
  if (detail.isError) return <Alert color="red">{detail.error.message}</Alert>;
  if (!data || !table) return null;
  const done = data.runs.filter((r) => r.status === 'done').length;
  const classes = dataset?.classes ?? [];
  const metricLabel = METRIC_LABELS[metric];
  // Chance is an accuracy: 1 / classes (from the dataset, else from a confusion matrix).
  const numClasses =
    classes.length || data.evaluations.find((e) => e.confusion.length)?.confusion.length;

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="compare-progress">
          {done} of {data.runs.length} runs done · dataset {data.experiment.datasetId}
        </Text>
        <Group gap="xs">
          <Button size="xs" variant="default" component={Link} href={`/runs?experiment=${id}`}>
            Runs of this experiment
          </Button>
          <Button size="xs" variant="default" component={Link} href={`/attention?experiment=${id}`}>
            Attention
          </Button>
        </Group>
      </Group>
      {table.rows.length === 0 ? (
        <Alert color="blue" title="No results yet">
          Results appear as runs finish and are evaluated. Watch them on the Runs page.
        </Alert>
      ) : (
        <>
          <Section
            title={`Results (${metricLabel})`}
            hint="Mean ± std over seeds (± from two seeds on) and n; in brackets the paired difference to the row's FT baseline (FT on that case when the experiment has it, else the backbone), * p < 0.05, ** p < 0.01 by the paired t-test; hover a cell for its 95 % interval and p-values. Best of each row in bold. FT + PL is situation-specific prompting (the case is known), FT + PL (concat) concatenates every case's prompts (the case is unknown)."
          >
            <ExportMenu experimentId={id} metric={metric} />
            <ResultsTableView table={table} />
          </Section>
          <ResultCharts
            table={table}
            metricLabel={metricLabel}
            numClasses={metric === 'accuracy' ? numClasses : undefined}
          />
        </>
      )}
      <Section
        title="Modality reliance of the FT backbone"
        hint={`${multiLabel ? 'mAP' : 'Accuracy'} with both modalities, audio only and visual only, mean over seeds. A backbone that ignores a modality makes every robustness comparison on it meaningless.`}
      >
        {breakdown.data ? (
          <>
            <ExportMenu experimentId={id} metric="accuracy" table="reliance" />
            <ReliancePanel report={breakdown.data.reliance} />
          </>
        ) : (
          <Skeleton h={80} />
        )}
      </Section>
      <Section title="Efficiency" hint="Averaged over the runs of each kind of model.">
        <EfficiencyCharts runs={data.runs} efficiency={data.efficiency} />
      </Section>
      {multiLabel ? (
        <>
          <Section
            title="Per-class AP"
            hint="Average precision of each class, mean over seeds, per model kind and case."
          >
            <PerClassApPanel cells={perClassAp} classes={classes} />
          </Section>
          <Section title="Confusion matrices">
            <Text size="sm" c="dimmed" data-testid="no-confusion-note">
              A multi-label dataset has no confusion matrix: a sample has several classes, so no
              single true class to count a prediction against. Per-class AP above takes its place.
            </Text>
          </Section>
        </>
      ) : (
        <>
          <Section
            title="Per-class accuracy"
            hint="From the confusion matrices of each model kind summed over seeds (n = seeds pooled)."
          >
            {breakdown.data ? (
              <PerClassPanel confusions={breakdown.data.confusions} classes={classes} />
            ) : (
              <Skeleton h={80} />
            )}
          </Section>
          <Section title="Confusion matrices">
            <ConfusionPanel runs={data.runs} evaluations={data.evaluations} classes={classes} />
          </Section>
        </>
      )}
    </Stack>
  );
}
