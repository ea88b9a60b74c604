import type { DatasetRecord, Split, SplitCounts } from '@shared/domain/dataset';
import type { CacheMeta } from './cache/cache-meta';

export interface DurationStats {
  min: number;
  median: number;
  max: number;
  total: number;
}

export interface DatasetInspection {
  id: string;
  name: string;
  kind: DatasetRecord['kind'];
  createdAt: string;
  classes: string[];
  counts: SplitCounts;
  /** split → class → samples */
  classCounts: Record<Split, Record<string, number>>;
  /** Seconds of audio per sample (distinct clips counted once). */
  durations: DurationStats;
  rejected: number;
  /** Shapes and statistics of the cached features, when a cache exists for the settings asked. */
  features?: {
    settingsHash: string;
    storage: string;
    audioShape: [number, number];
    imageShape: [number, number, number];
    audioRows: number;
    imageRows: number;
    normalisation: CacheMeta['normalisation'];
    rawAudioRange: [number, number];
    buildSeconds: number;
  };
}

export function inspectDataset(
  record: DatasetRecord,
  meta: CacheMeta | undefined,
): DatasetInspection {
  const byClip = new Map<string, number>();
  for (const sample of record.samples)
    byClip.set(JSON.stringify(sample.audio), sample.durationSeconds);
  const durations = [...byClip.values()].sort((a, b) => a - b);
  const classCounts = { ...record.report.classCounts } as Record<Split, Record<string, number>>;
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    createdAt: record.createdAt,
    classes: record.classes,
    counts: record.splits,
    classCounts,
    durations: {
      min: durations[0] ?? 0,
      median: durations[Math.floor(durations.length / 2)] ?? 0,
      max: durations[durations.length - 1] ?? 0,
      total: durations.reduce((sum, d) => sum + d, 0),
    },
    rejected: record.report.rejected.length,
    features: meta && {
      settingsHash: meta.settingsHash,
      storage: meta.settings.storage,
      audioShape: [meta.settings.audioFrames, meta.settings.melBins],
      imageShape: [meta.settings.imageSize, meta.settings.imageSize, 3],
      audioRows: meta.audioRows,
      imageRows: meta.imageRows,
      normalisation: meta.normalisation,
      rawAudioRange: meta.audioRange,
      buildSeconds: meta.buildSeconds,
    },
  };
}
