import { Alert, Button, Grid, Group, Select, Skeleton, Text } from '@mantine/core';
import type { RunRecord } from '@shared/domain/records';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useApi, useApiQuery } from '../../api/ApiProvider';
import { EmptyState } from '../../components/EmptyState';
import { notifyError } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { RunDetail } from './RunDetail';
import { RunTable } from './RunTable';
import { useLiveRunStore } from './use-live-runs';

export function RunsPage() {
  const search = new URLSearchParams(useSearch());
  const fromUrl = search.get('experiment');
  const [experimentId, setExperimentId] = useState<number | null>(fromUrl ? Number(fromUrl) : null);
  const experiments = useApiQuery('experiments.list', {});
  const runs = useApiQuery('runs.list', experimentId ? { experimentId } : {});
  const live = useLiveRunStore();
  const [selected, setSelected] = useState<number | null>(null);
  const list = runs.data ?? [];
  const current =
    list.find((r) => r.id === selected) ?? list.find((r) => r.status === 'running') ?? list[0];

  return (
    <>
      <PageHeader
        title="Runs"
        subtitle="Queue and history: live progress, cancel, pause and resume."
        actions={
          <Select
            aria-label="Experiment"
            placeholder="All experiments"
            data={(experiments.data ?? []).map((e) => ({
              value: String(e.id),
              label: `#${e.id} ${e.name}`,
            }))}
            value={experimentId ? String(experimentId) : null}
            onChange={(v) => setExperimentId(v ? Number(v) : null)}
            clearable
            w={280}
          />
        }
      />
      {runs.isPending && <Skeleton h={240} />}
      {runs.isError && (
        <EmptyState title="Runs could not be listed">{runs.error.message}</EmptyState>
      )}
      {runs.isSuccess && list.length === 0 && (
        <EmptyState
          title="No runs yet"
          action={
            <Button component={Link} href="/experiments/new">
              New experiment
            </Button>
          }
        >
          Start an experiment from the wizard: its runs queue here and train one after another, with
          live progress.
        </EmptyState>
      )}
      {list.length > 0 && (
        <>
          <InterruptedBanner runs={list} />
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <RunTable
                runs={list}
                live={live}
                selectedId={current?.id ?? null}
                onSelect={setSelected}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              {current && <RunDetail runId={current.id} live={live} />}
            </Grid.Col>
          </Grid>
        </>
      )}
    </>
  );
}

/** Runs killed with the app are found at start-up; offer to resume them from their last checkpoint. */
function InterruptedBanner({ runs }: { runs: RunRecord[] }) {
  const api = useApi();
  const interrupted = runs.filter((r) => r.status === 'interrupted');
  const [busy, setBusy] = useState(false);
  if (interrupted.length === 0) return null;
  const resumeAll = async () => {
    setBusy(true);
    for (const run of interrupted) {
      try {
        await api.call('runs.resume', { id: run.id });
      } catch (error) {
        notifyError(error, `Run ${run.id} did not resume`);
      }
    }
    setBusy(false);
  };
  return (
    <Alert
      color="orange"
      mb="md"
      title={`${interrupted.length} run${interrupted.length > 1 ? 's were' : ' was'} interrupted`}
    >
      <Group justify="space-between">
        <Text size="sm">
          The app stopped while they trained. They resume from their last checkpoint.
        </Text>
        <Button
          size="xs"
          color="orange"
          onClick={() => void resumeAll()}
          loading={busy}
          data-testid="resume-interrupted"
        >
          Resume all
        </Button>
      </Group>
    </Alert>
  );
}
