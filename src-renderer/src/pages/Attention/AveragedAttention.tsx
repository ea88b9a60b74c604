import {
  Alert,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { DEFAULT_ATTENTION_SAMPLES, MAX_ATTENTION_SAMPLES } from '@shared/domain/attention-average';
import { CASE_LABELS, type Case } from '@shared/domain/cases';
import type { AttentionPrompting } from '@shared/domain/methods';
import type { RunRecord } from '@shared/domain/records';
import { useMemo, useState } from 'react';
import { useApiQuery } from '../../api/ApiProvider';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { percent } from '../../lib/format';
import {
  DIRECTION_LABELS,
  type Direction,
  ftPlPair,
  mapOf,
  meanRows,
  promptShareBars,
  sharedScaleMax,
} from './average-view';
import { BlockDirectionPicker } from './BlockDirectionPicker';

type Side = 'FT' | 'PL';

/**
 * Cross-attention averaged over the test set (or one class of it), FT beside PL of one family:
 * heatmaps on one colour scale, the share on prompts per fusion block, and the share per key
 * group. The averages run in the training worker; each is asked once and then kept.
 */
export function AveragedAttention(props: {
  run: RunRecord;
  done: readonly RunRecord[];
  testCase: Case;
  prompting: AttentionPrompting;
  classes: readonly string[];
}) {
  const { run, done, testCase, prompting, classes } = props;
  const pair = ftPlPair(run, done, testCase, prompting);
  const [classIndex, setClassIndex] = useState<number | null>(null);
  const [maxSamples, setMaxSamples] = useState(DEFAULT_ATTENTION_SAMPLES);
  const [block, setBlock] = useState(0);
  const [direction, setDirection] = useState<Direction>('audio_to_visual');
  const ask = (side: RunRecord | null | undefined, p: AttentionPrompting) => ({
    id: side?.id ?? 1,
    case: testCase,
    // FT has no prompts: its attention is the same under either prompting.
    prompting: p,
    maxSamples,
    ...(classIndex === null ? {} : { classIndex }),
  });
  const ft = useApiQuery('runs.attentionAverage', ask(pair?.ft, 'situation'), {
    enabled: Boolean(pair?.ft),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const pl = useApiQuery('runs.attentionAverage', ask(pair?.pl, prompting), {
    enabled: Boolean(pair?.pl),
    staleTime: Number.POSITIVE_INFINITY,
  });

  const sides = [
    { name: 'FT' as Side, run: pair?.ft ?? null, query: ft },
    { name: 'PL' as Side, run: pair?.pl ?? null, query: pl },
  ];
  const blocks = [
    ...new Set(sides.flatMap((s) => s.query.data?.maps.map((m) => m.block) ?? [])),
  ].sort((a, b) => a - b);
  const shown = sides.map((s) => mapOf(s.query.data, block, direction));
  const zmax = sharedScaleMax(shown);
  // A new array each render would redraw the chart each render.
  const bars = useMemo(
    () =>
      promptShareBars([
        { name: 'FT', result: ft.data },
        { name: 'PL', result: pl.data },
      ]),
    [ft.data, pl.data],
  );

  if (!pair)
    return (
      <Alert color="yellow">
        The test-set average compares FT with PL: pick an FT or a PL run ({run.method.toUpperCase()}{' '}
        has neither beside it).
      </Alert>
    );
  const [queryName, keyName] =
    direction === 'audio_to_visual' ? ['audio', 'visual'] : ['visual', 'audio'];
  return (
    <Stack gap="md" data-testid="attention-average">
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Test samples"
          data={[
            { value: 'all', label: 'All classes' },
            ...classes.map((name, i) => ({ value: String(i), label: name })),
          ]}
          value={classIndex === null ? 'all' : String(classIndex)}
          onChange={(v) => setClassIndex(!v || v === 'all' ? null : Number(v))}
          allowDeselect={false}
          searchable
          w={200}
          data-testid="attention-average-class"
        />
        <NumberInput
          label="At most"
          min={1}
          max={MAX_ATTENTION_SAMPLES}
          value={maxSamples}
          onChange={(v) => typeof v === 'number' && v >= 1 && setMaxSamples(v)}
          w={110}
        />
        <BlockDirectionPicker
          blocks={blocks.length ? blocks : [0]}
          block={block}
          onBlock={setBlock}
          direction={direction}
          onDirection={setDirection}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {sides.map((side, i) => (
          <Stack
            key={side.name}
            gap={4}
            data-testid={`attention-average-${side.name.toLowerCase()}`}
          >
            <SideStatus side={side.name} run={side.run} query={side.query} testCase={testCase} />
            {shown[i] && (
              <PlotlyChart
                title={`${side.name}: ${DIRECTION_LABELS[direction]}, block ${block}, mean of ${side.query.data!.samples} test samples`}
                data={[
                  {
                    type: 'heatmap',
                    z: meanRows(shown[i]),
                    zmin: 0,
                    zmax,
                    colorscale: 'Viridis',
                    showscale: i === 1,
                  },
                ]}
                layout={{
                  xaxis: {
                    title: {
                      text: shown[i].promptKeys
                        ? `key: ${shown[i].promptKeys} prompts, then ${keyName} tokens`
                        : `${keyName} token`,
                    },
                  },
                  yaxis: { title: { text: `${queryName} query` }, autorange: 'reversed' },
                  shapes: shown[i].promptKeys
                    ? [
                        {
                          type: 'line',
                          x0: shown[i].promptKeys - 0.5,
                          x1: shown[i].promptKeys - 0.5,
                          y0: -0.5,
                          y1: shown[i].queries - 0.5,
                          line: { color: '#fff', width: 2 },
                        },
                      ]
                    : [],
                }}
                height={320}
                testId={`average-heatmap-${side.name.toLowerCase()}`}
                description={`${side.name}: attention from ${queryName} queries to the keys, averaged over test samples and heads, colour scale shared with the other side`}
              />
            )}
          </Stack>
        ))}
      </SimpleGrid>
      {bars.length > 0 && (
        <PlotlyChart
          title={`Share of attention on prompts per fusion block (${CASE_LABELS[testCase]}, test-set average)`}
          data={bars}
          layout={{
            barmode: 'group',
            yaxis: { title: { text: 'share on prompt keys' }, range: [0, 1], tickformat: '.0%' },
          }}
          height={280}
          testId="chart-average-prompt-share"
        />
      )}
      <GroupShares sides={sides} />
    </Stack>
  );
}

function SideStatus({
  side,
  run,
  query,
  testCase,
}: {
  side: Side;
  run: RunRecord | null;
  query: ReturnType<typeof useApiQuery<'runs.attentionAverage'>>;
  testCase: Case;
}) {
  if (!run)
    return (
      <Text size="sm" c="dimmed">
        {side}: this family has no {side} run for {CASE_LABELS[testCase]}
        {side === 'PL' ? ' (concat-based prompting uses the prompt sets it has)' : ''}.
      </Text>
    );
  const name = `${side} run #${run.id}${run.role === 'backbone' ? ' (backbone)' : ` (${CASE_LABELS[run.case]})`}`;
  if (query.isPending)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          {name}: averaging the attention over the test samples (the model runs once per sample)…
        </Text>
      </Group>
    );
  if (query.isError)
    return (
      <Alert color="red" title={`No average for ${name}`}>
        {query.error.message}
      </Alert>
    );
  const r = query.data;
  return (
    <Text size="sm" data-testid={`average-status-${side.toLowerCase()}`}>
      {name}: {r.samples} test samples{r.matching > r.samples ? ` (of ${r.matching})` : ''}; on
      prompts {percent(r.promptShare.audioToVisual)} audio → visual,{' '}
      {percent(r.promptShare.visualToAudio)} visual → audio
    </Text>
  );
}

/** Where the attention mass goes, by key group: prompts, or the other modality's tokens. */
function GroupShares({
  sides,
}: {
  sides: { name: Side; query: ReturnType<typeof useApiQuery<'runs.attentionAverage'>> }[];
}) {
  const rows = sides.flatMap((s) =>
    (s.query.data?.maps ?? []).map((m) => ({ side: s.name, ...m })),
  );
  if (rows.length === 0) return null;
  return (
    <Stack gap={4}>
      <Table withTableBorder striped data-testid="attention-average-groups">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th>Fusion block</Table.Th>
            <Table.Th>Direction</Table.Th>
            <Table.Th>On prompts</Table.Th>
            <Table.Th>On the other modality’s tokens</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.side}-${r.block}-${r.direction}`}>
              <Table.Td>{r.side}</Table.Td>
              <Table.Td>{r.block}</Table.Td>
              <Table.Td>{DIRECTION_LABELS[r.direction]}</Table.Td>
              <Table.Td>{percent(r.shares.prompts)}</Table.Td>
              <Table.Td>{percent(r.shares.tokens)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        Cross-attention keys are the other modality’s: prompts (attention-level, then its encoded
        input prompts), then its tokens. The model pools by mean, so there is no CLS token. FT has
        no prompts, so its share on them is 0.
      </Text>
    </Stack>
  );
}
