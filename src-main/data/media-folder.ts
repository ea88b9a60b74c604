import { renameSync } from 'node:fs';
import { sep } from 'node:path';
import type { DatasetSample } from '@shared/domain/dataset';

/** The samples with every file path under `from` moved to the same place under `to`. */
export function relocateSamples(
  samples: DatasetSample[],
  from: string,
  to: string,
): DatasetSample[] {
  const move = (path: string) =>
    path.startsWith(from + sep) ? to + path.slice(from.length) : path;
  return samples.map((sample) => ({
    ...sample,
    audio:
      sample.audio.kind === 'file'
        ? { ...sample.audio, path: move(sample.audio.path) }
        : sample.audio,
    image:
      sample.image.kind === 'frames'
        ? { ...sample.image, paths: sample.image.paths.map(move) }
        : sample.image.kind === 'file' || sample.image.kind === 'idx'
          ? { ...sample.image, path: move(sample.image.path) }
          : sample.image,
  }));
}

/**
 * Moves an importer's media folder (extracted clips) into the dataset being built and back:
 * a failed import returns it to its staging place, so a rerun still reuses what was extracted.
 */
export class MediaMove {
  private moved = false;
  constructor(
    readonly staging: string,
    readonly inDataset: string,
  ) {}

  into(): void {
    renameSync(this.staging, this.inDataset);
    this.moved = true;
  }

  back(): void {
    if (!this.moved) return;
    try {
      renameSync(this.inDataset, this.staging);
      this.moved = false;
    } catch {
      // The dataset folder is being removed anyway; the clips will be extracted again.
    }
  }
}
