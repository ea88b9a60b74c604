import { Alert, Stack, Text } from '@mantine/core';
import type { ImportReport } from '@shared/domain/dataset';
import { duration } from '../../lib/format';

/** What the video importer did: clips extracted or reused, the tools, clips without sound. */
export function VideoImportSummary({ video }: { video: NonNullable<ImportReport['video']> }) {
  return (
    <Stack gap={4} data-testid="video-import-summary">
      <Text size="sm">
        {video.clips} clips found ({video.format}): {video.extracted} extracted, {video.reused}{' '}
        reused from an earlier run; {video.frames} frames each, {video.jobs} at once, in{' '}
        {duration(video.extractSeconds)}.
      </Text>
      {video.grouping && (
        <Text size="sm">
          Splits by whole {video.grouping.by === 'youtube-id' ? 'YouTube id' : 'video file'}:{' '}
          {video.grouping.groups} groups, the largest {video.grouping.largestGroup} clips; none is
          in two splits.
        </Text>
      )}
      <Text size="xs" c="dimmed">
        ffmpeg {video.tools.ffmpeg} · ffprobe {video.tools.ffprobe} (from {video.tools.source})
      </Text>
      {video.noAudioTrack.length > 0 && (
        <Alert color="yellow" variant="light" title="Kept without an audio track">
          {video.noAudioTrack.length} clip(s) have silence in place of audio:{' '}
          {video.noAudioTrack.join(', ')}
        </Alert>
      )}
      {video.silent.length > 0 && (
        <Alert color="yellow" variant="light" title="Silent audio tracks">
          {video.silent.length} clip(s) have an audio track below −80 dBFS:{' '}
          {video.silent.join(', ')}
        </Alert>
      )}
    </Stack>
  );
}
