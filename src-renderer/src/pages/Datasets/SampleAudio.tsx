import { Box, Button, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { ModelSpan } from './model-span';

/**
 * The clip's player, with a timeline under it that marks the seconds the model sees and follows
 * playback, and a button that plays exactly that part.
 */
export function SampleAudio({
  src,
  title,
  span,
}: {
  src: string;
  title: string;
  span: ModelSpan | undefined;
}) {
  const audio = useRef<HTMLAudioElement>(null);
  const [time, setTime] = useState(0);
  const [stopAt, setStopAt] = useState<number | null>(null);

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    const onTime = () => {
      setTime(el.currentTime);
      if (stopAt !== null && el.currentTime >= stopAt) {
        el.pause();
        setStopAt(null);
      }
    };
    el.addEventListener('timeupdate', onTime);
    return () => el.removeEventListener('timeupdate', onTime);
  }, [stopAt]);

  const playModelPart = () => {
    const el = audio.current;
    if (!el || !span) return;
    el.currentTime = 0;
    setStopAt(span.heardSeconds);
    void el.play();
  };
  const share = (seconds: number) =>
    span ? `${Math.min(100, (seconds / Math.max(span.clipSeconds, 1e-9)) * 100)}%` : '0%';

  return (
    <Box>
      {/* biome-ignore lint/a11y/useMediaCaption: research clips have no captions */}
      <audio
        ref={audio}
        controls
        src={src}
        aria-label={`Audio of sample ${title}`}
        data-testid="sample-audio"
        style={{ width: '100%' }}
      />
      {span && (
        <>
          <Tooltip label={`The model's input: 0.00–${span.heardSeconds.toFixed(2)} s`}>
            <Box
              pos="relative"
              h={10}
              mt={4}
              bg="var(--mantine-color-default-border)"
              style={{ borderRadius: 3, overflow: 'hidden' }}
              data-testid="model-span-bar"
            >
              <Box
                pos="absolute"
                top={0}
                bottom={0}
                left={0}
                w={share(span.heardSeconds)}
                bg="var(--mantine-primary-color-filled)"
                data-testid="model-span-mark"
                data-seconds={span.heardSeconds.toFixed(3)}
              />
              <Box pos="absolute" top={0} bottom={0} left={share(time)} w={2} bg="red" />
            </Box>
          </Tooltip>
          <Group justify="space-between" mt={4} gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed">
              0:00
            </Text>
            <Button size="compact-xs" variant="light" onClick={playModelPart}>
              Play what the model hears ({span.heardSeconds.toFixed(2)} s)
            </Button>
            <Text size="xs" c="dimmed">
              {span.clipSeconds.toFixed(2)} s
            </Text>
          </Group>
        </>
      )}
    </Box>
  );
}
