import {
  Alert,
  Group,
  Image,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Slider,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { SamplePreviewResult } from '@shared/api/methods/datasets';
import { CASE_LABELS, CASES, type Case } from '@shared/domain/cases';
import {
  AUDIO_NOISES,
  type AudioNoise,
  NOISE_LABELS,
  VISUAL_NOISES,
  type VisualNoise,
} from '@shared/domain/corruption';
import { useState } from 'react';
import { useApiQuery } from '../../api/ApiProvider';
import { SpectrogramFigure } from '../../charts/SpectrogramFigure';

/** The filterbank's frame shift (data/audio/fbank.ts): the figures' time axis. */
const FRAME_SHIFT_MS = 10;

/** Both log-mels of the preview are drawn this tall, side by side in equal columns. */
const SPECTROGRAM_HEIGHT = 180;

/**
 * Exactly what the model sees for a case, noise type and severity (the same seeded corruption the
 * engine applies), beside the clean input at the same size and on the same colour scale.
 */
export function CorruptionPreview({
  datasetId,
  index,
  clean,
  range,
  clipFrames,
}: {
  datasetId: string;
  index: number;
  /** The clean model input (case complete), drawn beside the corrupted one. */
  clean: SamplePreviewResult | undefined;
  /** The colour range both log-mels share (the clean input's). */
  range: { min: number; max: number } | undefined;
  /** The clip's own frames: when fewer than the model's, the padding after them is dimmed. */
  clipFrames?: number;
}) {
  const [testCase, setCase] = useState<Case>('noisy_both');
  const [audioNoise, setAudioNoise] = useState<AudioNoise>('gaussian');
  const [visualNoise, setVisualNoise] = useState<VisualNoise>('gaussian');
  const [severity, setSeverity] = useState(0.5);
  const [seed, setSeed] = useState(0);
  const [debouncedSeverity] = useDebouncedValue(severity, 200);
  const preview = useApiQuery(
    'datasets.preview',
    {
      id: datasetId,
      index,
      case: testCase,
      corruption: {
        audioNoises: [audioNoise],
        visualNoises: [visualNoise],
        severity: debouncedSeverity,
      },
      seed,
    },
    { placeholderData: (previous) => previous },
  );
  const p = preview.data;
  const frames = clean?.spectrogram.frames ?? 0;
  const padded =
    clipFrames !== undefined && clipFrames < frames
      ? {
          fromFrame: 0,
          toFrame: clipFrames,
          label: `clip 0–${((clipFrames * FRAME_SHIFT_MS) / 1000).toFixed(2)} s, then zero padding`,
        }
      : undefined;

  return (
    <Paper withBorder p="md" data-testid="corruption-preview">
      <Title order={4} mb="sm">
        Corruption preview
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }} mb="md">
        <Select
          label="Case"
          data={CASES.map((c) => ({ value: c, label: CASE_LABELS[c] }))}
          value={testCase}
          onChange={(v) => v && setCase(v as Case)}
          allowDeselect={false}
        />
        <Select
          label="Audio noise"
          data={AUDIO_NOISES.map((n) => ({ value: n, label: NOISE_LABELS[n] }))}
          value={audioNoise}
          onChange={(v) => v && setAudioNoise(v as AudioNoise)}
          allowDeselect={false}
        />
        <Select
          label="Visual noise"
          data={VISUAL_NOISES.map((n) => ({ value: n, label: NOISE_LABELS[n] }))}
          value={visualNoise}
          onChange={(v) => v && setVisualNoise(v as VisualNoise)}
          allowDeselect={false}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="severity-label">
            Severity {severity.toFixed(2)}
          </Text>
          <Slider
            aria-labelledby="severity-label"
            thumbLabel="Severity"
            min={0}
            max={1}
            step={0.05}
            value={severity}
            onChange={setSeverity}
            label={(v) => v.toFixed(2)}
          />
        </Stack>
        <NumberInput
          label="Seed"
          min={0}
          value={seed}
          onChange={(v) => setSeed(typeof v === 'number' ? v : 0)}
        />
      </SimpleGrid>
      {preview.isError && <Alert color="red">{preview.error.message}</Alert>}
      {(!p || !clean || !range) && !preview.isError && <Skeleton h={180} />}
      {p && clean && range && (
        <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="preview-spectrograms">
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              Log-mel as the model sees it: clean
            </Text>
            <SpectrogramFigure
              frames={clean.spectrogram.frames}
              melBins={clean.spectrogram.melBins}
              values={clean.spectrogram.values}
              range={range}
              label="Clean log-mel as the model sees it"
              height={SPECTROGRAM_HEIGHT}
              span={padded}
              testId="preview-clean-spectrogram"
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" c="dimmed" data-testid="preview-audio-applied">
              Audio: {p.audioApplied ?? 'clean'}
            </Text>
            <SpectrogramFigure
              frames={p.spectrogram.frames}
              melBins={p.spectrogram.melBins}
              values={p.spectrogram.values}
              range={range}
              label={`Log-mel after ${CASE_LABELS[testCase]}`}
              height={SPECTROGRAM_HEIGHT}
              span={padded}
              testId="preview-corrupted-spectrogram"
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              Image as the model sees it: clean
            </Text>
            <ModelInputImage src={clean.imagePng} alt="Clean image as the model sees it" />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" c="dimmed" data-testid="preview-visual-applied">
              Image: {p.visualApplied ?? 'clean'}
            </Text>
            <ModelInputImage src={p.imagePng} alt={`Image after ${CASE_LABELS[testCase]}`} />
          </Stack>
        </SimpleGrid>
      )}
    </Paper>
  );
}

/** The image at the model's input size, enlarged with its pixels kept sharp. */
function ModelInputImage({ src, alt }: { src: string; alt: string }) {
  return (
    <Group justify="center">
      <Image
        src={src}
        alt={alt}
        h={180}
        w={180}
        fit="contain"
        style={{ imageRendering: 'pixelated' }}
      />
    </Group>
  );
}
