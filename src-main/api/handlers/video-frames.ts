import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SampleFrame } from '@shared/api/methods/datasets';
import type { ImageRef } from '@shared/domain/dataset';
import { readSourceFile } from '../../data/sources';

/**
 * A video sample's extracted frames as JPEG data URLs (the files are JPEG already: no decoding),
 * with the time each was taken from the clip's clip.json when it is there.
 */
export function videoFrames(ref: Extract<ImageRef, { kind: 'frames' }>): SampleFrame[] {
  const times = frameTimesOf(ref.paths[0]!);
  return ref.paths.map((path, i) => ({
    src: `data:image/jpeg;base64,${Buffer.from(readSourceFile(path, { expectedBytes: ref.bytes[i] })).toString('base64')}`,
    seconds: times?.[i] ?? null,
  }));
}

function frameTimesOf(firstFrame: string): number[] | undefined {
  try {
    const clip = JSON.parse(readFileSync(join(dirname(firstFrame), 'clip.json'), 'utf8')) as {
      frameTimes?: unknown;
    };
    return Array.isArray(clip.frameTimes) ? (clip.frameTimes as number[]) : undefined;
  } catch {
    // Times are a nicety; the frames stand without them.
    return undefined;
  }
}
