import { mkdirSync, readdirSync, renameSync, rmdirSync } from 'node:fs';
import { join, sep } from 'node:path';
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

function filesOf(sample: DatasetSample): string[] {
  const audio = sample.audio.kind === 'file' ? [sample.audio.path] : [];
  const image =
    sample.image.kind === 'frames'
      ? sample.image.paths
      : sample.image.kind === 'generated'
        ? []
        : [sample.image.path];
  return [...audio, ...image];
}

/**
 * Moves the folders of an importer's staging folder (extracted clips) that the samples use into
 * the dataset being built, and back if the import fails, so a rerun still reuses them. Folders
 * no sample uses (clips of other classes, of rejected rows) stay staged for a later import.
 */
export class MediaMove {
  private moved: string[] = [];
  constructor(
    readonly staging: string,
    readonly inDataset: string,
  ) {}

  into(samples: DatasetSample[]): void {
    const used = new Set<string>();
    for (const sample of samples) {
      for (const path of filesOf(sample)) {
        if (path.startsWith(this.staging + sep))
          used.add(path.slice(this.staging.length + 1).split(sep)[0]!);
      }
    }
    mkdirSync(this.inDataset, { recursive: true });
    for (const folder of used) {
      renameSync(join(this.staging, folder), join(this.inDataset, folder));
      this.moved.push(folder);
    }
  }

  back(): void {
    try {
      mkdirSync(this.staging, { recursive: true });
      for (const folder of this.moved)
        renameSync(join(this.inDataset, folder), join(this.staging, folder));
      this.moved = [];
    } catch {
      // The dataset folder is being removed anyway; those clips will be extracted again.
    }
  }

  /** After the commit: an emptied staging folder goes. */
  finish(): void {
    try {
      if (readdirSync(this.staging).length === 0) rmdirSync(this.staging);
    } catch {
      // Already gone, or another import is using it.
    }
  }
}
