import { Alert, Paper, Skeleton, Text, Title } from '@mantine/core';
import type { ClipSpectrogram } from '@shared/api/methods/datasets';
import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { SpectrogramFigure } from '../../charts/SpectrogramFigure';
import { minMax } from '../../lib/colormap';
import { describeModelSpan, type ModelSpan } from './model-span';

/** The whole clip's log-mel with the seconds the model sees outlined and the rest dimmed. */
export function ClipSpectrogramPanel({
  clip,
  span,
  range,
  title,
}: {
  clip: UseQueryResult<ClipSpectrogram>;
  span: ModelSpan | undefined;
  /** The model input's colour range, shared with the preview figures. */
  range: { min: number; max: number } | undefined;
  title: string;
}) {
  const c = clip.data;
  // Normalised by the clip itself (no cache yet), its values are on another scale.
  const own = useMemo(() => (c ? minMax(c.values) : undefined), [c]);
  const scale = c?.normalisedBy === 'dataset' && range ? range : own;
  return (
    <Paper withBorder p="sm" data-testid="clip-spectrogram">
      <Title order={5} mb={4}>
        Log-mel of the whole clip
      </Title>
      {clip.isError && <Alert color="red">{clip.error.message}</Alert>}
      {c && span && scale ? (
        <>
          <Text size="sm" c="dimmed" mb="xs" data-testid="model-span-text">
            {describeModelSpan(span)}
            {c.frames < c.clipFrames
              ? ` Drawn: the first ${((c.frames * c.frameShiftMs) / 1000).toFixed(0)} s.`
              : ''}
            {c.normalisedBy === 'clip'
              ? ' Normalised by the clip itself until the dataset’s features are computed.'
              : ''}
          </Text>
          <SpectrogramFigure
            frames={c.frames}
            melBins={c.melBins}
            values={c.values}
            frameShiftMs={c.frameShiftMs}
            range={scale}
            label={`Log-mel spectrogram of the whole clip of ${title}, the model's ${span.heardSeconds.toFixed(2)} s outlined`}
            span={{
              fromFrame: 0,
              toFrame: span.toFrame,
              label: `model input 0–${span.heardSeconds.toFixed(2)} s`,
            }}
            height={180}
          />
        </>
      ) : (
        !clip.isError && <Skeleton h={200} />
      )}
    </Paper>
  );
}
