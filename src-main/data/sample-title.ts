import type { AudioRef, DatasetSample, ImageRef } from '@shared/domain/dataset';

/**
 * What a person calls a sample: its file names, not its id (a manifest's default id is the two
 * paths joined by '|'). One name when audio and image share a stem ("dog_001" for dog_001.wav +
 * dog_001.png), else both; an IDX image is its file and entry, a generated one the sample's id,
 * a video clip its id (`<youtube id>_<start>`, or its path in a manifest).
 */
export function sampleTitle(sample: DatasetSample): string {
  // A video clip's files are ours (audio.wav, frame-05.jpg): its id is the clip's own name.
  if (sample.image.kind === 'frames') return sample.id;
  const audio = sourceName(sample.audio);
  const image = sourceName(sample.image);
  if (audio === null && image === null) return sample.id;
  if (audio !== null && image !== null && stem(audio) === stem(image) && audio !== image) {
    return stem(audio);
  }
  return [audio ?? sample.id, image ?? sample.id].join(' + ');
}

/** null for a source without a file name of its own (generated; anything newer falls back to the id). */
function sourceName(ref: AudioRef | ImageRef): string | null {
  if (ref.kind === 'file') return baseName(ref.path);
  if (ref.kind === 'idx') return `${baseName(ref.path)} #${ref.index}`;
  return null;
}

/** The last path segment, for POSIX and Windows paths alike (a dataset may come from either). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
