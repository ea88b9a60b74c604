import { Text } from '@mantine/core';
import { CASE_LABELS, type Case } from '@shared/domain/cases';
import type { AttentionPrompting } from '@shared/domain/methods';
import { useQueries } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { PlotlyChart } from '../../charts/PlotlyChart';

/** Share of cross-attention that goes to prompt keys, per evaluation case, for one sample. */
export function PromptShareChart({
  runId,
  cases,
  prompting,
  sampleIndex,
}: {
  runId: number;
  cases: Case[];
  prompting: AttentionPrompting;
  sampleIndex: number;
}) {
  const api = useApi();
  const snapshots = useQueries({
    queries: cases.map((c) => {
      const params = { id: runId, case: c, prompting, sampleIndex };
      return {
        queryKey: ['runs.attention', params],
        queryFn: () => api.call('runs.attention', params),
      };
    }),
  });
  const ready = snapshots.map((s, i) => ({ case: cases[i]!, data: s.data })).filter((s) => s.data);
  if (ready.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Share of attention on prompts per case: capturing…
      </Text>
    );
  const x = ready.map((s) => CASE_LABELS[s.case]);
  return (
    <PlotlyChart
      title={`Share of attention on prompts per case (sample ${sampleIndex}${ready.length < cases.length ? `, ${ready.length}/${cases.length} cases so far` : ''})`}
      data={[
        {
          type: 'bar',
          name: 'audio → visual',
          x,
          y: ready.map((s) => s.data!.promptShare.audioToVisual),
        },
        {
          type: 'bar',
          name: 'visual → audio',
          x,
          y: ready.map((s) => s.data!.promptShare.visualToAudio),
        },
      ]}
      layout={{
        barmode: 'group',
        yaxis: { title: { text: 'share on prompt keys' }, range: [0, 1], tickformat: '.0%' },
      }}
      height={280}
      testId="chart-prompt-share"
    />
  );
}
