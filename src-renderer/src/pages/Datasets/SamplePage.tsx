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
import { Link, useParams } from 'wouter';
import { useApiQuery } from '../../api/ApiProvider';
import { Spectrogram } from '../../charts/Spectrogram';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { CorruptionPreview } from './CorruptionPreview';

/** One sample: play the audio, see its log-mel and its image, and preview what a corruption does. */
export function SamplePage() {
  const params = useParams<{ id: string; index: string }>();
  const id = params.id ?? '';
  const index = Number(params.index);
  const sample = useApiQuery(
    'datasets.sample',
    { id, index },
    { enabled: Number.isInteger(index) },
  );
  const clean = useApiQuery(
    'datasets.preview',
    { id, index, case: 'complete' },
    { enabled: Number.isInteger(index) },
  );
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
        <Text>sample {params.index}</Text>
      </Breadcrumbs>
      <PageHeader
        title={s ? `${s.className} · ${s.id}` : 'Sample'}
        subtitle={
          s
            ? `#${s.index} · ${s.split} split · ${s.durationSeconds.toFixed(2)} s at ${s.sampleRate} Hz`
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
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <Paper withBorder p="sm">
              <Title order={5} mb="xs">
                Audio
              </Title>
              {/* biome-ignore lint/a11y/useMediaCaption: research clips have no captions */}
              <audio
                controls
                src={s.audioWav}
                aria-label={`Audio of sample ${s.id}`}
                data-testid="sample-audio"
                style={{ width: '100%' }}
              />
            </Paper>
            <Paper withBorder p="sm">
              <Title order={5} mb="xs">
                Log-mel (as the model sees it)
              </Title>
              {clean.data ? (
                <Spectrogram
                  frames={clean.data.spectrogram.frames}
                  melBins={clean.data.spectrogram.melBins}
                  values={clean.data.spectrogram.values}
                  label={`Log-mel spectrogram of sample ${s.id}`}
                />
              ) : (
                <Skeleton h={160} />
              )}
            </Paper>
            <Paper withBorder p="sm">
              <Title order={5} mb="xs">
                Image
              </Title>
              <Image
                src={s.imagePng}
                alt={`Image of sample ${s.id} (${s.className})`}
                h={160}
                fit="contain"
                style={{ imageRendering: 'pixelated' }}
                data-testid="sample-image"
              />
            </Paper>
          </SimpleGrid>
          <CorruptionPreview datasetId={id} index={index} />
        </Stack>
      )}
    </>
  );
}
