import { Box, Text } from '@mantine/core';
import { viridisGradient } from '../lib/colormap';
import { niceTicks, tickLabel } from './axis-ticks';
import { Spectrogram } from './Spectrogram';

/** A stretch of frames marked on the figure (e.g. the part of the clip the model sees). */
export interface SpectrogramSpan {
  fromFrame: number;
  toFrame: number;
  label: string;
}

const Y_AXIS = 44;
const BAR = 10;
const BAR_AXIS = 36;
const X_AXIS = 18;

/**
 * A log-mel spectrogram as a figure: time in seconds along the bottom, mel bins up the left, a
 * colour bar with its values on the right, and optionally a span of frames outlined with the rest
 * dimmed. Two figures given the same `range`, frame count and width are directly comparable: the
 * same colour means the same value and the same width the same time.
 */
export function SpectrogramFigure({
  frames,
  melBins,
  values,
  label,
  frameShiftMs = 10,
  height = 160,
  range,
  unit = 'σ',
  span,
  testId,
}: {
  frames: number;
  melBins: number;
  /** Row-major [frames, melBins]. */
  values: ArrayLike<number>;
  label: string;
  frameShiftMs?: number;
  /** Height of the plot area in px (axes come on top of it). */
  height?: number;
  range: { min: number; max: number };
  /** What the colour bar's values are in. */
  unit?: string;
  span?: SpectrogramSpan;
  testId?: string;
}) {
  const seconds = (frames * frameShiftMs) / 1000;
  const timeTicks = niceTicks(0, seconds, 6);
  const melTicks = niceTicks(0, melBins, 4);
  const colourTicks = niceTicks(range.min, range.max, 4);
  const percent = (frame: number) => `${(Math.min(Math.max(frame, 0), frames) / frames) * 100}%`;
  const tick = { position: 'absolute', fontSize: 10, lineHeight: 1, whiteSpace: 'nowrap' } as const;

  return (
    <Box
      data-testid={testId}
      data-seconds={seconds.toFixed(3)}
      style={{
        display: 'grid',
        gridTemplateColumns: `${Y_AXIS}px minmax(0, 1fr) ${BAR}px ${BAR_AXIS}px`,
        gridTemplateRows: `${height}px ${X_AXIS}px auto`,
        columnGap: 4,
      }}
    >
      <Box pos="relative" aria-hidden style={{ gridColumn: 1, gridRow: 1 }}>
        <Text
          c="dimmed"
          style={{
            ...tick,
            left: 0,
            top: '50%',
            transform: 'translate(-35%, -50%) rotate(-90deg)',
          }}
        >
          mel bin
        </Text>
        {melTicks.map((t) => (
          <Text
            key={t}
            c="dimmed"
            style={{
              ...tick,
              right: 2,
              bottom: `${(t / melBins) * 100}%`,
              transform: 'translateY(50%)',
            }}
          >
            {t}
          </Text>
        ))}
      </Box>
      <Box pos="relative" style={{ gridColumn: 2, gridRow: 1 }}>
        <Spectrogram
          frames={frames}
          melBins={melBins}
          values={values}
          label={label}
          height={height}
          range={range}
        >
          {span && (
            <>
              <Box
                pos="absolute"
                top={0}
                bottom={0}
                left={0}
                w={percent(span.fromFrame)}
                bg="rgba(0,0,0,0.55)"
              />
              <Box
                pos="absolute"
                top={0}
                bottom={0}
                left={percent(span.toFrame)}
                right={0}
                bg="rgba(0,0,0,0.55)"
              />
              <Box
                pos="absolute"
                top={0}
                bottom={0}
                left={percent(span.fromFrame)}
                w={`calc(${percent(span.toFrame)} - ${percent(span.fromFrame)})`}
                style={{ outline: '2px dashed #fff', outlineOffset: -2 }}
                data-testid="spectrogram-span"
                data-from={((span.fromFrame * frameShiftMs) / 1000).toFixed(3)}
                data-to={((span.toFrame * frameShiftMs) / 1000).toFixed(3)}
              >
                <Text
                  size="xs"
                  fw={600}
                  c="#fff"
                  px={4}
                  style={{ background: 'rgba(0,0,0,0.6)', display: 'inline-block' }}
                >
                  {span.label}
                </Text>
              </Box>
            </>
          )}
        </Spectrogram>
      </Box>
      <Box
        style={{ gridColumn: 3, gridRow: 1, background: viridisGradient('to top') }}
        role="img"
        aria-label={`Colour scale from ${range.min.toFixed(2)} to ${range.max.toFixed(2)} ${unit}`}
        data-testid="colour-bar"
      />
      <Box pos="relative" aria-hidden style={{ gridColumn: 4, gridRow: 1 }}>
        {colourTicks.map((t) => (
          <Text
            key={t}
            c="dimmed"
            style={{
              ...tick,
              left: 0,
              bottom: `${((t - range.min) / (range.max - range.min || 1)) * 100}%`,
              transform: 'translateY(50%)',
            }}
          >
            {tickLabel(t, colourTicks)}
          </Text>
        ))}
      </Box>
      <Box pos="relative" aria-hidden style={{ gridColumn: 2, gridRow: 2 }}>
        {timeTicks.map((t) => (
          <Text
            key={t}
            c="dimmed"
            style={{
              ...tick,
              top: 4,
              left: `${(t / seconds) * 100}%`,
              transform: 'translateX(-50%)',
            }}
          >
            {tickLabel(t, timeTicks)}
          </Text>
        ))}
      </Box>
      <Text size="xs" c="dimmed" ta="center" style={{ gridColumn: 2, gridRow: 3 }} aria-hidden>
        time (s)
      </Text>
      <Text size="xs" c="dimmed" style={{ gridColumn: '3 / 5', gridRow: '2 / 4' }} aria-hidden>
        {unit}
      </Text>
    </Box>
  );
}
