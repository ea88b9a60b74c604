import {
  Alert,
  Box,
  Group,
  Image,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import type { PreviewCorruptionSchema } from '@shared/api/methods/datasets';
import type { Case } from '@shared/domain/cases';
import type { AttentionPrompting } from '@shared/domain/methods';
import type { AttentionSnapshot } from '@shared/domain/training';
import type { z } from 'zod';

type PreviewCorruption = z.input<typeof PreviewCorruptionSchema>;

import { useMemo, useState } from 'react';
import { useApiQuery } from '../../api/ApiProvider';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { Spectrogram } from '../../charts/Spectrogram';
import { percent } from '../../lib/format';
import { contentKeyGrid, headMatrix, promptShareOf, splitPromptColumns } from './attention-math';
import type { Direction } from './average-view';
import { BlockDirectionPicker } from './BlockDirectionPicker';
import { GridOverlay } from './GridOverlay';

export function AttentionView(props: {
  corruption: PreviewCorruption;
  runId: number;
  datasetId: string;
  testCase: Case;
  prompting: AttentionPrompting;
  sampleIndex: number;
}) {
  const snapshot = useApiQuery('runs.attention', {
    id: props.runId,
    case: props.testCase,
    prompting: props.prompting,
    sampleIndex: props.sampleIndex,
  });
  if (snapshot.isPending)
    return (
      <Group>
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          Capturing the cross-attention of sample {props.sampleIndex} (the model runs once, then it
          is stored)…
        </Text>
      </Group>
    );
  if (snapshot.isError)
    return (
      <Alert color="red" title="No attention map">
        {snapshot.error.message}
      </Alert>
    );
  return <SnapshotView snapshot={snapshot.data} {...props} />;
}

function SnapshotView({
  snapshot,
  corruption,
  datasetId,
  testCase,
  sampleIndex,
}: {
  snapshot: AttentionSnapshot;
  corruption: PreviewCorruption;
  datasetId: string;
  testCase: Case;
  sampleIndex: number;
}) {
  const blocks = [...new Set(snapshot.maps.map((m) => m.block))].sort((a, b) => a - b);
  const [block, setBlock] = useState(blocks[0] ?? 0);
  const [direction, setDirection] = useState<Direction>('audio_to_visual');
  const [head, setHead] = useState<number | null>(null);
  const map = snapshot.maps.find((m) => m.block === block && m.direction === direction);
  const preview = useApiQuery('datasets.preview', {
    id: datasetId,
    index: sampleIndex,
    case: testCase,
    corruption,
  });

  const view = useMemo(() => {
    if (!map) return null;
    const matrix = headMatrix(map, head);
    const { prompt, content } = splitPromptColumns(matrix, map.queries, map.keys, map.promptKeys);
    const grid = direction === 'audio_to_visual' ? snapshot.visualGrid : snapshot.audioGrid;
    let keyGrid: number[] | null = null;
    let gridError: string | null = null;
    try {
      keyGrid = contentKeyGrid(matrix, map.queries, map.keys, map.promptKeys, grid);
    } catch (error) {
      gridError = (error as Error).message;
    }
    const zmax = Math.max(...matrix);
    const heat = (z: number[][], name: string) => [
      {
        type: 'heatmap',
        z,
        zmin: 0,
        zmax,
        colorscale: 'Viridis',
        name,
        showscale: name === 'content',
      },
    ];
    return {
      prompt: heat(prompt, 'prompts'),
      content: heat(content, 'content'),
      keyGrid,
      grid,
      gridError,
      share: promptShareOf(matrix, map.queries, map.keys, map.promptKeys),
    };
  }, [map, head, direction, snapshot]);

  if (!map || !view) return <Alert color="yellow">This model has no fusion block to show.</Alert>;
  const [queryName, keyName] =
    direction === 'audio_to_visual' ? ['audio', 'visual'] : ['visual', 'audio'];
  return (
    <Stack gap="md" data-testid="attention-view">
      <Group align="flex-end">
        <BlockDirectionPicker
          blocks={blocks}
          block={block}
          onBlock={setBlock}
          direction={direction}
          onDirection={setDirection}
        />
        <Select
          label="Head"
          data={[
            { value: 'all', label: 'Mean of heads' },
            ...Array.from({ length: map.heads }, (_, h) => ({
              value: String(h),
              label: `head ${h}`,
            })),
          ]}
          value={head === null ? 'all' : String(head)}
          onChange={(v) => setHead(!v || v === 'all' ? null : Number(v))}
          allowDeselect={false}
          w={160}
        />
        <Text size="sm" data-testid="prompt-share">
          On prompts: <b>{percent(view.share)}</b> ({map.promptKeys} prompt keys of {map.keys})
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: map.promptKeys > 0 ? 3 : 2 }}>
        {map.promptKeys > 0 && (
          <PlotlyChart
            title="Prompt key columns"
            data={view.prompt}
            layout={{
              xaxis: { title: { text: 'prompt key' } },
              yaxis: { title: { text: `${queryName} query` }, autorange: 'reversed' },
            }}
            height={300}
            description={`Attention from ${queryName} queries to the prompt keys`}
          />
        )}
        <PlotlyChart
          title={`${keyName} token columns`}
          data={view.content}
          layout={{
            xaxis: { title: { text: `${keyName} token` } },
            yaxis: { title: { text: `${queryName} query` }, autorange: 'reversed' },
          }}
          height={300}
          testId="attention-heatmap"
          description={`Attention from ${queryName} queries to ${keyName} tokens`}
        />
        <Paper withBorder p="sm">
          <Text fw={600} size="sm" mb={4}>
            Over the {keyName === 'visual' ? 'image' : 'spectrogram'} (mean over queries)
          </Text>
          {view.gridError && (
            <Text size="sm" c="red">
              {view.gridError}
            </Text>
          )}
          {view.keyGrid && preview.data && keyName === 'visual' && (
            <Box pos="relative" w={240} h={240} mx="auto">
              <Image
                src={preview.data.imagePng}
                alt={`Image of sample ${sampleIndex} as the model sees it`}
                w={240}
                h={240}
                style={{ imageRendering: 'pixelated' }}
              />
              <GridOverlay grid={view.grid} values={view.keyGrid} layout="image" />
            </Box>
          )}
          {view.keyGrid && preview.data && keyName === 'audio' && (
            <Spectrogram
              frames={preview.data.spectrogram.frames}
              melBins={preview.data.spectrogram.melBins}
              values={preview.data.spectrogram.values}
              label={`Log-mel of sample ${sampleIndex} with attention overlay`}
              height={240}
            >
              <GridOverlay grid={view.grid} values={view.keyGrid} layout="spectrogram" />
            </Spectrogram>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            Under the overlay: the sample with this case's corruption as previewed (the noise draw
            may differ from the one the capture used).
          </Text>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
