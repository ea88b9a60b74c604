import { Badge, Box, Card, Group, Image, Skeleton, Text, UnstyledButton } from '@mantine/core';
import type { SampleListItem, SampleThumbnail } from '@shared/api/methods/datasets';

/** Card height in the grid: the virtualiser lays rows out at this size. */
export const CARD_HEIGHT = 178;
const PICTURE = 84;

/** One sample in the browser: its image, a strip of its log-mel, its file name, class and split. */
export function SampleCard({
  sample,
  thumbnail,
  onOpen,
}: {
  sample: SampleListItem;
  thumbnail: SampleThumbnail | 'failed' | undefined;
  onOpen: () => void;
}) {
  const ready = thumbnail && thumbnail !== 'failed' ? thumbnail : null;
  return (
    <UnstyledButton
      onClick={onOpen}
      aria-label={`Open sample ${sample.title} (${sample.className}, ${sample.split})`}
      title={sample.id}
      data-testid="sample-card"
      w="100%"
    >
      <Card withBorder padding={6} h={CARD_HEIGHT - 8}>
        <Group gap={6} wrap="nowrap" align="flex-start">
          {ready?.imagePng ? (
            <Image
              src={ready.imagePng}
              alt=""
              w={PICTURE}
              h={PICTURE}
              fit="contain"
              style={{ imageRendering: 'pixelated', flex: 'none' }}
              data-testid="sample-thumbnail"
            />
          ) : thumbnail === undefined ? (
            <Skeleton w={PICTURE} h={PICTURE} style={{ flex: 'none' }} />
          ) : (
            <Box w={PICTURE} h={PICTURE} bg="var(--mantine-color-default-hover)" />
          )}
          <Box miw={0}>
            <Text size="sm" fw={600} truncate title={sample.classNames?.join(', ')}>
              {(sample.classNames ?? [sample.className]).join(', ')}
            </Text>
            <Badge size="xs" variant="light" mt={2}>
              {sample.split}
            </Badge>
          </Box>
        </Group>
        {ready?.spectrogramPng ? (
          <Image
            src={ready.spectrogramPng}
            alt=""
            h={28}
            mt={6}
            fit="fill"
            radius="xs"
            style={{ imageRendering: 'pixelated' }}
            data-testid="sample-strip"
          />
        ) : (
          <Box h={28} mt={6} />
        )}
        <Text size="xs" c="dimmed" truncate mt={6}>
          {sample.title}
        </Text>
      </Card>
    </UnstyledButton>
  );
}
