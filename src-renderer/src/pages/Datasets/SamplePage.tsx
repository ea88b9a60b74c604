import {
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMemo } from 'react';
import { Link, useParams } from 'wouter';
import { useApiQuery } from '../../api/ApiProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { minMax } from '../../lib/colormap';
import { ClipSpectrogramPanel } from './ClipSpectrogramPanel';
import { CorruptionPreview } from './CorruptionPreview';
import { modelSpan } from './model-span';
import { SampleAudio } from './SampleAudio';
import { VideoFrames } from './VideoFrames';

/** One sample: play the audio, see its log-mel and its image, and preview what a corruption does. */
export function SamplePage() {
  const params = useParams<{ id: string; index: string }>();
  const id = params.id ?? '';
  const index = Number(params.index);
  const valid = Number.isInteger(index);
  const sample = useApiQuery('datasets.sample', { id, index }, { enabled: valid });
  const clip = useApiQuery('datasets.clip', { id, index }, { enabled: valid });
  const clean = useApiQuery(
    'datasets.preview',
    { id, index, case: 'complete' },
    { enabled: valid },
  );
  // One colour scale for every log-mel on the page: the clean model input's range.
  const values = clean.data?.spectrogram.values;
  const range = useMemo(() => (values ? minMax(values) : undefined), [values]);
  const span = clip.data ? modelSpan(clip.data) : undefined;
  const s = sample.data;
  const datasetHref = `/datasets/${encodeURIComponent(id)}`;
  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} href="/datasets">
          Datasets
        </Anchor>
        <Anchor component={Link} href={datasetHref}>
          {id}
        </Anchor>
        <Text>{s?.title ?? `sample ${params.index}`}</Text>
      </Breadcrumbs>
      <PageHeader
        title={s ? `${(s.classNames ?? [s.className]).join(', ')} · ${s.title}` : 'Sample'}
        subtitle={
          s
            ? `#${s.index} · ${s.split} split · ${s.durationSeconds.toFixed(2)} s at ${s.sampleRate} Hz · id ${s.id}`
            : undefined
        }
        actions={
          <Group gap="xs">
            <Button
              variant="default"
              component={Link}
              href={`${datasetHref}/samples/${index - 1}`}
              disabled={!(index > 0)}
            >
              Previous
            </Button>
            <Button variant="default" component={Link} href={`${datasetHref}/samples/${index + 1}`}>
              Next
            </Button>
          </Group>
        }
      />
      {sample.isError && (
        <EmptyState title="This sample could not be loaded">
          {sample.error.message} — go back to the dataset and pick another sample.
        </EmptyState>
      )}
      {sample.isPending && <Skeleton h={260} />}
      {s && (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="sm">
              <Title order={5} mb="xs">
                Audio
              </Title>
              <SampleAudio src={s.audioWav} title={s.title} span={span} />
              {s.audioMissing && (
                <Text size="sm" c="orange" mt="xs" data-testid="audio-missing">
                  This clip has no audio track: the dataset keeps silence in its place.
                </Text>
              )}
            </Paper>
            <Paper withBorder p="sm">
              <Title order={5} mb="xs">
                {s.frames ? 'Frames' : 'Image'}
              </Title>
              {s.frames ? (
                <VideoFrames frames={s.frames} title={s.title} />
              ) : (
                <Image
                  src={s.imagePng}
                  alt={`Image of sample ${s.title} (${s.className})`}
                  h={160}
                  fit="contain"
                  style={{ imageRendering: 'pixelated' }}
                  data-testid="sample-image"
                />
              )}
            </Paper>
          </SimpleGrid>
          <ClipSpectrogramPanel clip={clip} span={span} range={range} title={s.title} />
          <CorruptionPreview
            datasetId={id}
            index={index}
            clean={clean.data}
            range={range}
            clipFrames={clip.data?.clipFrames}
          />
        </Stack>
      )}
    </>
  );
}
