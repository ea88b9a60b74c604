import type { DatasetSample, RejectedFile, Task, VideoImportSummary } from '@shared/domain/dataset';

/** What an importer hands to the library: everything but the id and the files. */
export interface DatasetDraft {
  name: string;
  classes: string[];
  samples: DatasetSample[];
  rejected: RejectedFile[];
  options: Record<string, unknown>;
  /** Absent = single-label. */
  task?: Task;
  /**
   * A folder of files the importer made (the video importer's extracted clips) that the samples
   * point into: moved into the dataset's folder on commit, and back if the import fails.
   */
  media?: string;
  video?: VideoImportSummary;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_VAL_FRACTION = 0.1;
export const DEFAULT_TEST_FRACTION = 0.2;

/** Orders labels as a person expects: numerically when they are all numbers. */
export function sortLabels(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  const numeric = unique.every((label) => /^-?\d+(\.\d+)?$/.test(label));
  return numeric ? unique.sort((a, b) => Number(a) - Number(b)) : unique.sort();
}
