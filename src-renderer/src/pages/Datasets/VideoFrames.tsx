import { Group, Image, Stack, Text } from '@mantine/core';
import type { SampleFrame } from '@shared/api/methods/datasets';

/**
 * A video sample's k frames in time order. Training draws one of them at random per step;
 * evaluation, previews and the corruption preview use the middle one (outlined).
 */
export function VideoFrames({ frames, title }: { frames: SampleFrame[]; title: string }) {
  const middle = Math.floor(frames.length / 2);
  return (
    <Stack gap={4}>
      <Group gap={4} wrap="wrap" data-testid="video-frames">
        {frames.map((frame, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a clip's frames never reorder
          <Stack key={i} gap={0} align="center">
            <Image
              src={frame.src}
              alt={`Frame ${i + 1} of ${frames.length} of ${title}${frame.seconds === null ? '' : ` at ${frame.seconds.toFixed(2)} s`}`}
              h={64}
              w="auto"
              fit="contain"
              style={{
                outline: i === middle ? '2px solid var(--mantine-color-blue-filled)' : undefined,
              }}
            />
            <Text size="xs" c="dimmed">
              {frame.seconds === null ? `#${i + 1}` : `${frame.seconds.toFixed(1)} s`}
            </Text>
          </Stack>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        {frames.length} frames; training draws one per step, evaluation uses the middle one
        (outlined).
      </Text>
    </Stack>
  );
}
