import type { DatasetRecord, ImportReport, Split, SplitCounts } from '@shared/domain/dataset';
import type { CacheMeta } from './cache/cache-meta';
import { FRAME_SHIFT_MS } from './feature-settings';
import { labelDistributionLines, videoReportLines } from './import-report-lines';

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

/** The inspection as a few lines of text for a terminal. */
export function formatInspection(d: DatasetInspection): string {
  const fixed = (n: number, digits = 2) => n.toFixed(digits);
  const lines = [
    `${d.id}  ${d.name}  [${d.kind}]  created ${d.createdAt}`,
    `classes (${d.classes.length}): ${d.classes.join(' ')}`,
  ];
  for (const split of ['train', 'val', 'test'] as const) {
    const perClass = d.classes.map((c) => `${c}:${d.classCounts[split][c] ?? 0}`).join(' ');
    lines.push(`${split.padEnd(5)} ${String(d.counts[split]).padStart(6)}  ${perClass}`);
  }
  const t = d.durations;
  lines.push(
    `audio: min ${fixed(t.min)} s, median ${fixed(t.median)} s, max ${fixed(t.max)} s, total ${fixed(t.total, 1)} s`,
    `rejected at import: ${d.rejected}`,
  );
  const f = d.features;
  if (!f) lines.push('features: not cached for these settings (computed on first use)');
  else {
    const n = f.normalisation;
    lines.push(
      `features ${f.settingsHash} (${f.storage}): audio [${f.audioShape.join(', ')}] × ${f.audioRows} rows, image [${f.imageShape.join(', ')}] × ${f.imageRows} rows`,
      `  log-mel: raw range [${fixed(f.rawAudioRange[0])}, ${fixed(f.rawAudioRange[1])}], train mean ${fixed(n.audioMean, 3)}, std ${fixed(n.audioStd, 3)}`,
      `  image: train mean [${n.imageMean.map((v) => fixed(v, 3)).join(', ')}], std [${n.imageStd.map((v) => fixed(v, 3)).join(', ')}]`,
      `  built in ${fixed(f.buildSeconds, 1)} s`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** An import report as text: the counts, then every rejected file with its reason. */
export function formatImportReport(report: ImportReport): string {
  const { counts } = report;
  const lines = [
    `imported ${report.datasetId} (${report.name}): train ${counts.train}, val ${counts.val}, test ${counts.test}` +
      ` in ${report.importSeconds.toFixed(1)} s`,
  ];
  if (report.featureSettings) {
    const f = report.featureSettings;
    lines.push(
      `features: ${f.sampleRate} Hz, ${f.audioFrames} frames (${((f.audioFrames * FRAME_SHIFT_MS) / 1000).toFixed(2)} s)` +
        ` × ${f.melBins} mel bins, ${f.imageSize}×${f.imageSize} images, ${f.storage}` +
        (report.features ? ' (cache built)' : ' (cache built on first use)'),
    );
  }
  if (report.audioFramesAuto) {
    const a = report.audioFramesAuto;
    lines.push(
      `audio frames 'auto': ${a.frames} frames of ${a.frameShiftMs} ms cover the longest clip` +
        ` (${a.longestSampleId}, ${a.longestClipSeconds.toFixed(2)} s); shorter clips are zero-padded`,
    );
  }
  if (report.grouping) {
    const g = report.grouping;
    lines.push(
      `splits grouped by source file: ${g.groups} group(s), largest ${g.largestGroup} sample(s),` +
        ` ${g.rowsSharingSource} sample(s) share an audio or image file with another;` +
        ' no audio or image file is in two splits',
    );
  }
  lines.push(...videoReportLines(report), ...labelDistributionLines(report));
  if (report.rejected.length) {
    lines.push(`rejected ${report.rejected.length} file(s):`);
    for (const r of report.rejected) lines.push(`  ${r.file}: ${r.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
