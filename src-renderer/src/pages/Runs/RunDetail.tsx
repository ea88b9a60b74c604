import {
  Alert,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { RunDetail as RunDetailData } from '@shared/api/methods/runs';
import { describeCompute } from '@shared/domain/backend';
import { CASE_LABELS } from '@shared/domain/cases';
import { METHOD_LABELS } from '@shared/domain/methods';
import { useApiMutation, useApiQuery } from '../../api/ApiProvider';
import { StatusBadge } from '../../components/StatusBadge';
import { bytes, count, dateTime, duration, percent } from '../../lib/format';
import type { LiveRunStore } from './live-run-store';
import { RunCurves } from './RunCurves';
import { useLiveRun } from './use-live-runs';

export function RunDetail({ runId, live }: { runId: number; live: LiveRunStore }) {
  const detail = useApiQuery(
    'runs.get',
    { id: runId },
    {
      // The worker names its backend and start time just after the run starts: ask again until then.
      refetchInterval: (query) => {
        const run = query.state.data?.run;
        return run?.status === 'running' && (!run.backend || !run.startedAt) ? 2000 : false;
      },
    },
  );
  const cancel = useApiMutation('runs.cancel', ['runs.list', 'runs.get']);
  const pause = useApiMutation('runs.pause', ['runs.list', 'runs.get']);
  const resume = useApiMutation('runs.resume', ['runs.list', 'runs.get']);
  if (detail.isPending) return <Skeleton h={320} />;
  if (detail.isError) return <Alert color="red">{detail.error.message}</Alert>;
  const { run, epochs, evaluations, efficiency } = detail.data;
  // Multi-label evaluations carry mAP; accuracy is then the top-1 hit rate.
  const multiLabel = evaluations.some((e) => e.multiLabel);
  const t = run.config.training;

  return (
    <Stack gap="md" data-testid="run-detail">
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={4}>
            Run #{run.id}: {run.role === 'backbone' ? 'FT backbone' : METHOD_LABELS[run.method]} ·{' '}
            {CASE_LABELS[run.case]}
          </Title>
          <Text size="sm" c="dimmed">
            seed {run.seed} · η {run.missingRate} ·{' '}
            {run.config.pretrained
              ? `imported ${run.config.pretrained.config.preset} backbone ${run.config.pretrained.id}`
              : run.config.model.preset}{' '}
            · {t.epochs} epochs, batch {t.batchSize}, lr {t.lr} · backend{' '}
            <span title={run.compute ? describeCompute(run.compute) : undefined}>
              {run.compute ? describeCompute(run.compute, { brief: true }) : (run.backend ?? '—')}
            </span>{' '}
            · started {dateTime(run.startedAt)}
          </Text>
        </Stack>
        <Group gap="xs">
          <StatusBadge status={run.status} />
          {run.status === 'running' && (
            <Button
              size="xs"
              variant="default"
              onClick={() => pause.mutate({ id: run.id })}
              loading={pause.isPending}
            >
              Pause
            </Button>
          )}
          {['paused', 'interrupted', 'failed', 'cancelled'].includes(run.status) && (
            <Button
              size="xs"
              onClick={() => resume.mutate({ id: run.id })}
              loading={resume.isPending}
              data-testid="resume-run"
            >
              Resume
            </Button>
          )}
          {['queued', 'running', 'paused'].includes(run.status) && (
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={() => cancel.mutate({ id: run.id })}
              loading={cancel.isPending}
            >
              Cancel
            </Button>
          )}
        </Group>
      </Group>
      {run.error && (
        <Alert color="red" title="The run failed">
          {run.error}
        </Alert>
      )}
      <LiveStats detail={detail.data} live={live} />
      <RunCurves epochs={epochs} live={live} runId={run.id} />
      {efficiency && (
        <Text size="sm" c="dimmed">
          {count(efficiency.trainableParams)} of {count(efficiency.totalParams)} parameters trained
          · peak tensors {bytes(efficiency.peakTensorBytes)} · peak RSS{' '}
          {bytes(efficiency.peakRssBytes)} · {efficiency.secondsPerEpoch.toFixed(1)} s/epoch
        </Text>
      )}
      {evaluations.length > 0 && (
        <Paper withBorder p="sm">
          <Title order={5} mb="xs">
            Evaluations
          </Title>
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Case</Table.Th>
                <Table.Th>Prompting</Table.Th>
                <Table.Th>η</Table.Th>
                {multiLabel ? (
                  <>
                    <Table.Th>mAP</Table.Th>
                    <Table.Th>ROC-AUC</Table.Th>
                    <Table.Th>Top-1 hit</Table.Th>
                  </>
                ) : (
                  <>
                    <Table.Th>Accuracy</Table.Th>
                    <Table.Th>Macro-F1</Table.Th>
                  </>
                )}
                <Table.Th>Samples</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {evaluations.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{CASE_LABELS[e.case]}</Table.Td>
                  <Table.Td>{e.prompting}</Table.Td>
                  <Table.Td>{e.missingRate}</Table.Td>
                  {multiLabel ? (
                    <>
                      <Table.Td>{e.multiLabel?.map?.toFixed(3) ?? '—'}</Table.Td>
                      <Table.Td>{e.multiLabel?.auc?.toFixed(3) ?? '—'}</Table.Td>
                      <Table.Td>{percent(e.accuracy)}</Table.Td>
                    </>
                  ) : (
                    <>
                      <Table.Td>{percent(e.accuracy)}</Table.Td>
                      <Table.Td>{e.macroF1.toFixed(3)}</Table.Td>
                    </>
                  )}
                  <Table.Td>{e.samples}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="sm" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

/** Epoch, samples/s, ETA and loss: from progress events while running, from the records after. */
function LiveStats({ detail, live }: { detail: RunDetailData; live: LiveRunStore }) {
  const { run, epochs, efficiency } = detail;
  const streamed = useLiveRun(live, run.id)?.latest;
  const p = run.status === 'running' ? streamed : undefined;
  const t = run.config.training;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="live-stats">
      <Stat
        label="Epoch"
        value={
          p
            ? `${p.epoch}/${t.epochs} · step ${p.step}/${p.stepsPerEpoch}`
            : `${run.epochsDone}/${t.epochs}`
        }
      />
      <Stat
        label="Samples/s"
        value={
          p
            ? p.samplesPerSec.toFixed(1)
            : efficiency
              ? efficiency.trainSamplesPerSec.toFixed(1)
              : '—'
        }
        testId="stat-samples-per-sec"
      />
      <Stat label="ETA" value={p ? duration(p.etaSeconds) : '—'} />
      <Stat
        label="Loss / acc"
        value={
          p
            ? `${p.loss.toFixed(3)} / ${percent(p.accuracy)}`
            : epochs.at(-1)
              ? `${epochs.at(-1)!.trainLoss.toFixed(3)} / ${percent(epochs.at(-1)!.trainAccuracy)}`
              : '—'
        }
      />
    </SimpleGrid>
  );
}
