import {
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { CASE_LABELS, type Case } from '@shared/domain/cases';
import type { AttentionPrompting } from '@shared/domain/methods';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useApiQuery } from '../../api/ApiProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { AttentionView } from './AttentionView';
import { AveragedAttention } from './AveragedAttention';
import { PromptShareChart } from './PromptShareChart';

export function AttentionPage() {
  const experimentId = Number(new URLSearchParams(useSearch()).get('experiment')) || undefined;
  const runs = useApiQuery('runs.list', experimentId ? { experimentId } : {});
  const done = (runs.data ?? []).filter((r) => r.status === 'done');
  const [runId, setRunId] = useState<number | null>(null);
  const run = done.find((r) => r.id === runId) ?? done.find((r) => r.method === 'pl') ?? done[0];
  const [chosenCase, setCase] = useState<Case | null>(null);
  const [prompting, setPrompting] = useState<AttentionPrompting>('situation');
  const [sampleIndex, setSampleIndex] = useState<number | null>(null);
  const testSamples = useApiQuery(
    'datasets.samples',
    { id: run?.datasetId ?? '-', split: 'test', limit: 200 },
    { enabled: Boolean(run) },
  );
  // CAV-MAE's modality modes have no fusion blocks, hence no cross-attention to look at.
  const promptings = (run?.config.evaluation.promptings ?? ['situation']).filter(
    (p): p is AttentionPrompting => p !== 'modality-mode',
  );
  const activePrompting: AttentionPrompting = promptings.includes(prompting)
    ? prompting
    : 'situation';
  // Situation-specific prompts of a PL run exist for its own case only; the others need concat.
  const cases =
    run?.method === 'pl' && activePrompting === 'situation'
      ? [run.case]
      : (run?.config.evaluation.cases ?? []);
  const testCase = chosenCase && cases.includes(chosenCase) ? chosenCase : (run?.case ?? cases[0]);
  const index = sampleIndex ?? testSamples.data?.items[0]?.index ?? null;
  // One test sample, or the test set averaged (FT beside PL): the average is asked for on demand.
  const [scope, setScope] = useState<'sample' | 'average'>('sample');
  const datasets = useApiQuery('datasets.list', {}, { enabled: scope === 'average' });
  const classes = datasets.data?.find((d) => d.id === run?.datasetId)?.classes ?? [];

  return (
    <>
      <PageHeader
        title="Attention"
        subtitle="Where the audio↔visual cross-attention goes: content tokens or prompts."
      />
      {runs.isPending && <Skeleton h={200} />}
      {runs.isSuccess && done.length === 0 && (
        <EmptyState
          title="No finished run yet"
          action={
            <Button component={Link} href="/runs">
              Go to Runs
            </Button>
          }
        >
          Attention maps need a trained model: when a run is done, pick it here with a case and a
          test sample.
        </EmptyState>
      )}
      {run && testCase && (
        <Stack gap="lg">
          <SegmentedControl
            value={scope}
            onChange={(v) => setScope(v as 'sample' | 'average')}
            data={[
              { value: 'sample', label: 'One test sample' },
              { value: 'average', label: 'Test-set average, FT vs PL' },
            ]}
            aria-label="What the attention is shown of"
            data-testid="attention-scope"
            w="fit-content"
          />
          <Group align="flex-end" wrap="wrap">
            <Select
              label="Run"
              data={done.map((r) => ({
                value: String(r.id),
                label: `#${r.id} ${r.role === 'backbone' ? 'FT backbone' : r.method.toUpperCase()} · ${CASE_LABELS[r.case]} · seed ${r.seed}`,
              }))}
              value={String(run.id)}
              onChange={(v) => v && setRunId(Number(v))}
              allowDeselect={false}
              searchable
              w={320}
              data-testid="attention-run"
            />
            <Select
              label="Case"
              data={cases.map((c) => ({ value: c, label: CASE_LABELS[c] }))}
              value={testCase}
              onChange={(v) => v && setCase(v as Case)}
              allowDeselect={false}
              w={180}
            />
            <Select
              label="Prompting"
              data={promptings.map((p) => ({
                value: p,
                label: p === 'situation' ? 'Situation-specific' : 'Concat-based',
              }))}
              value={activePrompting}
              onChange={(v) => v && setPrompting(v as AttentionPrompting)}
              allowDeselect={false}
              w={180}
            />
            {scope === 'sample' && (
              <Select
                label="Test sample"
                data={(testSamples.data?.items ?? []).map((s) => ({
                  value: String(s.index),
                  label: `#${s.index} ${s.className}`,
                }))}
                value={index === null ? null : String(index)}
                onChange={(v) => v && setSampleIndex(Number(v))}
                searchable
                w={200}
                data-testid="attention-sample"
              />
            )}
            {scope === 'sample' && (
              <NumberInput
                label="or index"
                min={0}
                value={index ?? ''}
                onChange={(v) => typeof v === 'number' && setSampleIndex(v)}
                w={110}
              />
            )}
          </Group>
          {scope === 'average' ? (
            <AveragedAttention
              key={`${run.id}-${testCase}-${activePrompting}`}
              run={run}
              done={done}
              testCase={testCase}
              prompting={activePrompting}
              classes={classes}
            />
          ) : index === null ? (
            <Text c="dimmed">This dataset has no test sample to look at.</Text>
          ) : (
            <>
              <AttentionView
                corruption={{
                  audioNoises: run.config.corruption.audioNoises,
                  visualNoises: run.config.corruption.visualNoises,
                  severity: run.config.corruption.severity,
                }}
                runId={run.id}
                datasetId={run.datasetId}
                testCase={testCase}
                prompting={activePrompting}
                sampleIndex={index}
              />
              <PromptShareChart
                runId={run.id}
                cases={cases}
                prompting={activePrompting}
                sampleIndex={index}
              />
            </>
          )}
        </Stack>
      )}
    </>
  );
}
